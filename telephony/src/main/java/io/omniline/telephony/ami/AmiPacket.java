package io.omniline.telephony.ami;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One AMI packet: its header lines in the order they came, duplicates kept (a Command
 * response has one {@code Output:} per line of output). Lines the decoder could not read are
 * kept as problems on the packet instead of killing the connection.
 */
public record AmiPacket(List<Map.Entry<String, String>> headers, List<String> problems) {

    public AmiPacket {
        headers = List.copyOf(headers);
        problems = List.copyOf(problems);
    }

    /** The first value of a header, matched case-insensitively as Asterisk does. */
    public Optional<String> get(String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return Optional.of(header.getValue());
            }
        }
        return Optional.empty();
    }

    public List<String> getAll(String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                values.add(header.getValue());
            }
        }
        return values;
    }

    /**
     * An event, even one that carries a {@code Response:} header too (OriginateResponse): the
     * {@code Event:} header decides, so it is looked at first.
     */
    public boolean isEvent() {
        return get("Event").isPresent();
    }

    public boolean isResponse() {
        return !isEvent() && get("Response").isPresent();
    }

    public boolean isMalformed() {
        return !problems.isEmpty();
    }
}
