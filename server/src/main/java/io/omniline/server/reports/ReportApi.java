package io.omniline.server.reports;

import io.omniline.db.report.ReportRepository;
import io.omniline.server.api.ApiResponse;
import io.omniline.server.api.Roles;
import io.omniline.server.api.Route;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports for supervisors and admins: the measures with their formulas, a report, its CSV, a
 * figure's contacts, and the service-channel matrix with its cells' contacts.
 */
public final class ReportApi {

    private final ReportService reports;
    private final ServiceChannelMatrices matrices;

    public ReportApi(ReportService reports) {
        this.reports = reports;
        this.matrices = new ServiceChannelMatrices(reports);
    }

    public List<Route> routes() {
        return List.of(
                Route.of("GET", "/api/reports/measures", Roles.STAFF, request -> ApiResponse.ok(measures())),
                Route.of(
                        "GET",
                        "/api/reports",
                        Roles.STAFF,
                        request -> ApiResponse.ok(reports.run(ReportQuery.parse(
                                request.query(), reports.settings().zone())))),
                Route.of(
                        "GET",
                        "/api/reports/csv",
                        Roles.STAFF,
                        request -> ApiResponse.binary(
                                "text/csv; charset=utf-8",
                                ReportCsv.of(reports.run(ReportQuery.parse(
                                                request.query(),
                                                reports.settings().zone())))
                                        .getBytes(StandardCharsets.UTF_8))),
                Route.of("GET", "/api/reports/matrix", Roles.STAFF, request -> {
                    ReportRequest period = ReportQuery.parse(
                            request.query(), reports.settings().zone());
                    return ApiResponse.ok(matrices.of(period.from(), period.to()));
                }),
                Route.of("GET", "/api/reports/matrix/contacts", Roles.STAFF, request -> {
                    ReportRequest period = ReportQuery.parse(
                            request.query(), reports.settings().zone());
                    Measure measure = Measure.byKey(ReportQuery.required(request.query(), "measure"));
                    return drillDown(
                            measure,
                            matrices.contacts(
                                    period.from(),
                                    period.to(),
                                    measure,
                                    ReportQuery.required(request.query(), "channel"),
                                    request.query().getOrDefault("reason", "")));
                }),
                Route.of("GET", "/api/reports/contacts", Roles.STAFF, request -> {
                    ReportRequest report = ReportQuery.parse(
                            request.query(), reports.settings().zone());
                    Measure measure = Measure.byKey(ReportQuery.required(request.query(), "measure"));
                    return drillDown(
                            measure,
                            reports.contacts(
                                    report,
                                    measure,
                                    ReportQuery.intervalStart(ReportQuery.required(request.query(), "row")),
                                    request.query().getOrDefault("key", "all")));
                }));
    }

    /** The contacts behind a figure, with the formula that counted them. */
    private static ApiResponse drillDown(Measure measure, List<ReportRepository.Contact> contacts) {
        return ApiResponse.ok(Map.of("measure", measure.key(), "formula", measure.formula(), "contacts", contacts));
    }

    private Map<String, Object> measures() {
        ReportSettings settings = reports.settings();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("timeZone", settings.zone().getId());
        answer.put("shortAbandonSeconds", settings.shortAbandonSeconds());
        answer.put("serviceLevelSeconds", settings.serviceLevelSeconds());
        answer.put("fcrDays", settings.fcrDays());
        answer.put(
                "measures",
                Arrays.stream(Measure.values())
                        .map(m -> Map.of(
                                "key",
                                m.key(),
                                "label",
                                m.label(),
                                "unit",
                                m.unit(),
                                "scope",
                                m.scope(),
                                "formula",
                                m.formula()))
                        .toList());
        return answer;
    }
}
