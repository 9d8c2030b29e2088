package io.omniline.server.api;

import io.omniline.db.account.AccountRole;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A method, a path template such as {@code /api/flows/{name}/publish}, and the roles whose
 * sessions may call it.
 *
 * @param upload for a route that takes a file, how large it may be; null for the rest, whose
 *     bodies are small and read into memory
 */
public record Route(
        String method,
        String template,
        Set<AccountRole> roles,
        Endpoint endpoint,
        Pattern pattern,
        List<String> names,
        Upload upload) {

    private static final Pattern PARAMETER = Pattern.compile("\\{([a-zA-Z]+)}");

    /**
     * A file sent as the whole body: received into a temporary file (never held in memory) and
     * refused past {@code largestBytes} with {@code tooLarge}, the words shown beside {@code field}.
     */
    public record Upload(long largestBytes, String field, String tooLarge) {}

    public static Route of(String method, String template, Set<AccountRole> roles, Endpoint endpoint) {
        return of(method, template, roles, endpoint, null);
    }

    /** A route whose body is a file; the endpoint finds it at {@link ApiRequest#upload()}. */
    public static Route upload(
            String method, String template, Set<AccountRole> roles, Upload upload, Endpoint endpoint) {
        return of(method, template, roles, endpoint, upload);
    }

    private static Route of(String method, String template, Set<AccountRole> roles, Endpoint endpoint, Upload upload) {
        List<String> names = new ArrayList<>();
        Matcher parameters = PARAMETER.matcher(template);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (parameters.find()) {
            regex.append(Pattern.quote(template.substring(last, parameters.start())))
                    .append("([^/]+)");
            names.add(parameters.group(1));
            last = parameters.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return new Route(
                method,
                template,
                Set.copyOf(roles),
                endpoint,
                Pattern.compile(regex.toString()),
                List.copyOf(names),
                upload);
    }

    /** The path parameters when the path fits the template, else null. */
    Map<String, String> match(String path) {
        Matcher matcher = pattern.matcher(path);
        if (!matcher.matches()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            values.put(names.get(i), URLDecoder.decode(matcher.group(i + 1), StandardCharsets.UTF_8));
        }
        return values;
    }
}
