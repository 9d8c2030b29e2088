package io.omniline.server.csat;

import io.omniline.db.NotFoundException;
import io.omniline.db.Repositories;
import io.omniline.db.csat.CsatSurveys;
import io.omniline.server.api.ApiResponse;
import io.omniline.server.api.Roles;
import io.omniline.server.api.Route;
import io.omniline.server.recordings.RecordingAccess;
import io.omniline.server.recordings.RecordingFolder;
import java.util.List;

/**
 * {@code GET /api/interactions/{id}/survey-comment}: the comment a caller recorded after rating a
 * call, as WAV, to whoever may hear that customer's recordings ({@link RecordingAccess}, the
 * voicemail's rule). Omniline made the file's name and checks it again on the way out; the file is
 * read from {@code reports.surveys.commentDirectory}.
 */
public final class SurveyCommentApi {

    /** A comment node records at most 300 s: 8 kHz 16-bit is under 5 MB; this leaves room for a WAV header and more. */
    private static final long LARGEST = 8L * 1024 * 1024;

    private final RecordingAccess access;
    private final CsatSurveys surveys;
    private final RecordingFolder comments;

    public SurveyCommentApi(Repositories repositories, String commentDirectory) {
        this.access = new RecordingAccess(repositories.interactions());
        this.surveys = repositories.csatSurveys();
        this.comments = RecordingFolder.of(
                commentDirectory, "reports.surveys.commentDirectory", "survey comment recording", LARGEST);
    }

    public List<Route> routes() {
        return List.of(Route.of("GET", "/api/interactions/{id}/survey-comment", Roles.EVERYONE, request -> {
            long id = request.number("id");
            access.mayHear(request, id, "this survey comment is from a customer you are not serving now");
            String name = surveys.commentRecording(id)
                    .orElseThrow(() -> new NotFoundException("recorded survey comment of interaction", id));
            return ApiResponse.binary(
                    "audio/wav",
                    comments.read(name, "not copied from Asterisk's comment directory yet, or deleted there"));
        }));
    }
}
