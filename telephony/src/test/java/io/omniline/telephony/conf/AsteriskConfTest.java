package io.omniline.telephony.conf;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.ivr.model.ExampleFlows;
import io.omniline.ivr.model.FlowParser;
import io.omniline.ivr.model.Node;
import io.omniline.telephony.callbacks.CallbackPlacer;
import io.omniline.telephony.ivr.DialplanVariables;
import io.omniline.telephony.ivr.SurveyAgiScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * asterisk-conf read the way Asterisk 22 reads it: a section built on a template gets the
 * template's lines first, and app_queue takes a queue's first strategy line.
 */
class AsteriskConfTest {

    private static final Path CONF = Path.of("../asterisk-conf");

    @Test
    void everyQueueRunsTheStrategyItsOwnSectionSets() throws IOException {
        Map<String, Section> queues = read("queues.conf");

        Map<String, String> effective = new LinkedHashMap<>();
        queues.values().stream()
                .filter(queue -> !queue.template() && !queue.name().equals("general"))
                .forEach(queue -> {
                    assertThat(queue.own("strategy"))
                            .as(queue.name() + " sets its strategy")
                            .isNotNull();
                    effective.put(queue.name(), queue.first("strategy", queues));
                    assertThat(queue.first("strategy", queues))
                            .as(queue.name() + ": the strategy app_queue reads")
                            .isEqualTo(queue.own("strategy"));
                });
        assertThat(effective)
                .containsEntry("sales", "leastrecent")
                .containsKeys(ExampleFlows.QUEUES.toArray(String[]::new));
    }

    @Test
    void appQueueAnnouncesNothingOfItsOwnSinceOmnilineAnnouncesPerCall() throws IOException {
        Map<String, Section> queues = read("queues.conf");

        for (Section queue : queues.values()) {
            if (!queue.template() && !queue.name().equals("general")) {
                assertThat(queue.first("announce-position", queues))
                        .as(queue.name())
                        .isEqualTo("no");
                assertThat(queue.first("announce-holdtime", queues))
                        .as(queue.name())
                        .isEqualTo("no");
                assertThat(queue.first("announce-frequency", queues))
                        .as(queue.name())
                        .isEqualTo("0");
            }
        }
    }

    @Test
    void everyMailboxTheExampleFlowsLeaveMessagesInExists() throws IOException {
        Map<String, Section> voicemail = read("voicemail.conf");
        List<String> mailboxes = new ArrayList<>();
        ExampleFlows.all()
                .values()
                .forEach(json -> new FlowParser()
                        .parse(json).flow().nodes().values().stream()
                                .filter(node -> node instanceof Node.Voicemail)
                                .map(node -> ((Node.Voicemail) node).mailbox())
                                .forEach(mailboxes::add));

        assertThat(mailboxes).isNotEmpty();
        for (String mailbox : mailboxes) {
            String[] parts = mailbox.split("@");
            assertThat(voicemail).as(mailbox).containsKey(parts[1]);
            assertThat(voicemail.get(parts[1]).own(parts[0])).as(mailbox).isNotBlank();
        }
    }

    @Test
    void aVoicemailThatFailsSendsTheCallerBackToOmnilineNotToAHangup() throws IOException {
        Section voicemail = read("extensions.conf").get("omniline-voicemail");

        assertThat(voicemail.lines())
                .containsSubsequence(
                        "exten => s,1,VoiceMail(${" + DialplanVariables.MAILBOX + "},u)",
                        "same => n,GotoIf($[\"${VMSTATUS}\" = \"FAILED\"]?failed)",
                        "same => n,Hangup()",
                        "same => n(failed),Set(OMNILINE_ACTION=)",
                        "same => n,AGI(${OMNILINE_AGI}/voicemail-failed)",
                        "same => n,Goto(omniline-${OMNILINE_ACTION},s,1)");
    }

    @Test
    void theWssTransportHasAsterisksTlsServerToRunOn() throws IOException {
        Section http = read("http.conf").get("general");
        Section wss = read("pjsip.conf").get("transport-wss");

        assertThat(wss.own("protocol")).isEqualTo("wss");
        assertThat(http.own("enabled")).isEqualTo("yes");
        assertThat(http.own("tlsenable")).isEqualTo("yes");
        assertThat(http.own("tlsbindaddr"))
                .as("not 8089, the chat gateway's default port")
                .endsWith(":8443");
        assertThat(http.own("tlscertfile")).isNotBlank();
        assertThat(http.own("tlsprivatekey")).isNotBlank();
    }

    @Test
    void theWebRtcTemplateIsWhatABrowserNeedsAndAcceptsTheDigitsTheSoftphoneSends() throws IOException {
        Map<String, Section> pjsip = read("pjsip.conf");
        Section webrtc = pjsip.get("agent-webrtc");

        assertThat(webrtc.template()).isTrue();
        assertThat(webrtc.own("webrtc")).isEqualTo("yes");
        assertThat(webrtc.own("transport")).isEqualTo("transport-wss");
        assertThat(webrtc.own("dtmf_mode")).as("softphone.js sends SIP INFO").isEqualTo("info");
        assertThat(webrtc.own("context")).isEqualTo("softphone");
        assertThat(webrtc.own("allow").split(",")).containsExactly("ulaw", "opus");
        assertThat(webrtc.own("dtls_auto_generate_cert")).isEqualTo("yes");
        Section example = pjsip.get("1002");
        assertThat(example.templates()).containsExactly("agent-webrtc");
        assertThat(example.own("auth")).isEqualTo("1002");
        assertThat(example.own("aors")).isEqualTo("1002");
        assertThat(example.own("username")).isEqualTo("1002");
    }

    @Test
    void theQueueRingsEachAgentThroughAPredialHandlerThatNamesTheInteraction() throws IOException {
        Map<String, Section> dialplan = read("extensions.conf");

        assertThat(dialplan.get("omniline-queue").lines())
                .containsSubsequence(
                        "same => n,Set(__" + DialplanVariables.INTERACTION_ID + "=${" + DialplanVariables.INTERACTION_ID
                                + "})",
                        "same => n,Queue(${" + DialplanVariables.QUEUE + "},tcb(omniline-agent-leg^s^1),,,${"
                                + DialplanVariables.QUEUE_MAX_WAIT + "})");
        assertThat(dialplan.get("omniline-agent-leg").lines())
                .containsExactly(
                        "exten => s,1,ExecIf($[\"${CHANNEL(channeltype)}\" = \"PJSIP\" & \"${"
                                + DialplanVariables.INTERACTION_ID
                                + "}\" != \"\"]?Set(PJSIP_HEADER(add,X-Omniline-Interaction)=${"
                                + DialplanVariables.INTERACTION_ID + "}))",
                        "same => n,Return()");
    }

    /**
     * Queue()'s c option: the caller stays in the dialplan when the agent hangs up, and app_queue
     * says so with QUEUESTATUS=CONTINUE (app_queue.c; no capture shows it yet); only then does the
     * survey step run, with the call's interaction, and the call ends after it whatever Omniline says.
     */
    @Test
    void aCallerWhoseAgentHungUpIsHandedToTheSurveyStepWithTheInteraction() throws IOException {
        Map<String, Section> dialplan = read("extensions.conf");

        assertThat(dialplan.get("omniline-queue").lines())
                .containsSubsequence(
                        "same => n,Queue(${" + DialplanVariables.QUEUE + "},tcb(omniline-agent-leg^s^1),,,${"
                                + DialplanVariables.QUEUE_MAX_WAIT + "})",
                        "same => n,GotoIf($[\"${QUEUESTATUS}\" = \"CONTINUE\"]?omniline-survey,s,1)");
        assertThat(dialplan.get("omniline-survey").lines())
                .containsExactly(
                        "exten => s,1,Set(" + DialplanVariables.ACTION + "=)",
                        "same => n,AGI(${OMNILINE_AGI}/" + SurveyAgiScript.SURVEY + "?interaction=${"
                                + DialplanVariables.INTERACTION_ID + "})",
                        "same => n,Hangup()");
    }

    @Test
    void theSoftphoneReachesColleaguesByExtensionAndCustomersThroughTheTrunk() throws IOException {
        Map<String, Section> dialplan = read("extensions.conf");

        assertThat(dialplan.get("softphone").lines())
                .containsExactly(
                        "exten => _XXXX,1,Goto(agents,${EXTEN},1)",
                        "exten => _XXXXX.,1,Gosub(softphone-out,s,1(${EXTEN}))",
                        "same => n,Hangup()",
                        "exten => _+X.,1,Gosub(softphone-out,s,1(${EXTEN}))",
                        "same => n,Hangup()");
        assertThat(dialplan.get("softphone-out").lines())
                .contains("same => n,Dial(PJSIP/${ARG1}@${OMNILINE_TRUNK},60)");
        assertThat(dialplan.get("globals").lines()).contains("OMNILINE_CALLER_ID =");
    }

    /**
     * Callbacks dial the customer's number as Omniline keeps it, E.164 with its + (a pattern
     * {@code _X.} alone never matches "+15551234567"), from the callback context the Originate
     * names; the customer's ring time is the one the node's placement limit counts on.
     */
    @Test
    void callbacksDialE164NumbersWithTheirPlus() throws IOException {
        Map<String, Section> dialplan = read("extensions.conf");

        assertThat(dialplan).containsKey(CallbackPlacer.CONTEXT);
        assertThat(dialplan.get(CallbackPlacer.CONTEXT).lines())
                .containsExactly(
                        "exten => _+X.,1,Gosub(omniline-dial-customer,s,1(${EXTEN}))",
                        "same => n,Hangup()",
                        "exten => _X.,1,Gosub(omniline-dial-customer,s,1(${EXTEN}))",
                        "same => n,Hangup()");
        assertThat(dialplan.get("omniline-dial-customer").lines())
                .contains("same => n,Dial(PJSIP/${ARG1}@${OMNILINE_TRUNK},45)");
    }

    /** A section: its own lines in order, and the templates it is built on. */
    private record Section(String name, boolean template, List<String> templates, List<String> lines) {

        /** The section's own value for a key (the last line that sets it). */
        String own(String key) {
            String value = null;
            for (String line : lines) {
                String[] pair = pair(line);
                if (pair != null && pair[0].equals(key)) {
                    value = pair[1];
                }
            }
            return value;
        }

        /** The first value for a key, template lines first: what app_queue reads for strategy. */
        String first(String key, Map<String, Section> all) {
            for (String template : templates) {
                String value = all.get(template).first(key, all);
                if (value != null) {
                    return value;
                }
            }
            for (String line : lines) {
                String[] pair = pair(line);
                if (pair != null && pair[0].equals(key)) {
                    return pair[1];
                }
            }
            return null;
        }

        private static String[] pair(String line) {
            int equals = line.indexOf('=');
            if (equals < 0) {
                return null;
            }
            String value = line.substring(equals + 1);
            return new String[] {
                line.substring(0, equals).strip(), (value.startsWith(">") ? value.substring(1) : value).strip()
            };
        }
    }

    private static Map<String, Section> read(String file) throws IOException {
        Map<String, Section> sections = new LinkedHashMap<>();
        Section current = null;
        for (String raw : Files.readAllLines(CONF.resolve(file))) {
            int comment = raw.indexOf(';');
            String line = (comment >= 0 ? raw.substring(0, comment) : raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                String name = line.substring(1, line.indexOf(']'));
                String options = line.contains("(") ? line.substring(line.indexOf('(') + 1, line.lastIndexOf(')')) : "";
                List<String> templates = new ArrayList<>();
                for (String option : options.split(",")) {
                    if (!option.isBlank() && !option.strip().equals("!")) {
                        templates.add(option.strip());
                    }
                }
                current = sections.containsKey(name)
                        ? sections.get(name)
                        : new Section(name, options.contains("!"), templates, new ArrayList<>());
                sections.put(name, current);
            } else if (current != null) {
                current.lines().add(line);
            }
        }
        return sections;
    }
}
