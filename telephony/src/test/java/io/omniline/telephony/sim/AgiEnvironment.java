package io.omniline.telephony.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment block Asterisk 22 sends at the start of a FastAGI session, in its order and
 * format (see agi-01 in the captures). Defaults describe the captured calls.
 */
public record AgiEnvironment(
        String script,
        String host,
        int port,
        String channel,
        String language,
        String type,
        String uniqueId,
        String linkedId,
        String callerId,
        String callerIdName,
        String dnid,
        String context,
        String extension,
        int priority,
        String threadId,
        String... arguments) {

    public static AgiEnvironment call(String uniqueId, String callerId, String extension, String script) {
        return new AgiEnvironment(
                script,
                "127.0.0.1",
                4573,
                "Local/" + extension + "@from-pstn-00000000;2",
                "en",
                "Local",
                uniqueId,
                uniqueId,
                callerId,
                "Alice Example",
                "unknown",
                "from-pstn",
                extension,
                4,
                "139668476815040",
                callerId,
                extension);
    }

    public AgiEnvironment withPort(int newPort) {
        return new AgiEnvironment(
                script,
                host,
                newPort,
                channel,
                language,
                type,
                uniqueId,
                linkedId,
                callerId,
                callerIdName,
                dnid,
                context,
                extension,
                priority,
                threadId,
                arguments);
    }

    /**
     * The environment of the next {@code AGI()} on the same channel: another script, and the
     * channel's language as it is now ({@code agi_language} is the channel's language, which
     * {@code CHANNEL(language)} changes). No capture shows a second AGI() after the language
     * changed: agi-11's calls stayed in English.
     */
    public AgiEnvironment next(String nextScript, String channelLanguage) {
        return new AgiEnvironment(
                nextScript,
                host,
                port,
                channel,
                channelLanguage,
                type,
                uniqueId,
                linkedId,
                callerId,
                callerIdName,
                dnid,
                context,
                extension,
                priority,
                threadId,
                arguments);
    }

    /** The exact bytes: {@code key: value\n} lines in Asterisk's order, then an empty line. */
    public String block() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("agi_network", "yes");
        values.put("agi_network_script", script);
        values.put("agi_request", "agi://" + host + ":" + port + "/" + script);
        values.put("agi_channel", channel);
        values.put("agi_language", language);
        values.put("agi_type", type);
        values.put("agi_uniqueid", uniqueId);
        values.put("agi_version", "22.10.1");
        values.put("agi_callerid", callerId);
        values.put("agi_calleridname", callerIdName);
        values.put("agi_callingpres", "0");
        values.put("agi_callingani2", "0");
        values.put("agi_callington", "0");
        values.put("agi_callingtns", "0");
        values.put("agi_dnid", dnid);
        values.put("agi_rdnis", "unknown");
        values.put("agi_context", context);
        values.put("agi_extension", extension);
        values.put("agi_priority", String.valueOf(priority));
        values.put("agi_enhanced", "0.0");
        values.put("agi_accountcode", "");
        values.put("agi_threadid", threadId);
        for (int i = 0; i < arguments.length; i++) {
            values.put("agi_arg_" + (i + 1), arguments[i]);
        }
        StringBuilder block = new StringBuilder();
        values.forEach(
                (key, value) -> block.append(key).append(": ").append(value).append('\n'));
        return block.append('\n').toString();
    }
}
