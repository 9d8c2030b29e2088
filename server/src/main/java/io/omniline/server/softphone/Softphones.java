package io.omniline.server.softphone;

import io.omniline.db.ConflictException;
import io.omniline.db.NotFoundException;
import io.omniline.db.Repositories;
import io.omniline.db.agent.Agent;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.agent.PhoneKind;
import io.omniline.db.agent.SealedPassword;
import io.omniline.db.agent.SoftphoneRepository;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which phone rings for each agent. A desk phone needs nothing from Omniline; the softphone in the
 * page registers as the PJSIP endpoint the agent's interface names ({@code PJSIP/1002} registers as
 * {@code 1002}, so queues ring it at the interface Omniline already follows on AMI) with the
 * password pjsip.conf holds for that endpoint, which an admin gives Omniline once.
 */
public final class Softphones {

    /** Printable ASCII without ';' (a comment in pjsip.conf), quotes, backslashes or spaces. */
    private static final Pattern PASSWORD = Pattern.compile("[\\x21-\\x7e&&[^;\"'\\\\]]{12,128}");

    private static final Pattern PJSIP_INTERFACE = Pattern.compile("PJSIP/([A-Za-z0-9._-]+)");

    private final SoftphoneSettings settings;
    private final AgentRepository agents;
    private final SoftphoneRepository passwords;

    public Softphones(SoftphoneSettings settings, Repositories repositories) {
        this.settings = settings;
        this.agents = repositories.agents();
        this.passwords = repositories.softphones();
    }

    /** The agent's phone as their page needs it. */
    public PhoneProfile profileOf(long agentId) {
        Agent agent = agent(agentId);
        Optional<SealedPassword> sealed = passwords.find(agentId);
        if (sealed.isEmpty()) {
            return new PhoneProfile(
                    PhoneKind.desk.name(),
                    agent.sipInterface(),
                    agent.sipInterface() == null
                            ? "No phone is set up for you yet; ask an admin to set your SIP interface."
                            : null,
                    null);
        }
        String endpoint = endpointOf(agent.sipInterface());
        if (!settings.enabled()) {
            return webrtcProblem(
                    agent,
                    "The softphone is not set up on this server (softphone.webSocketUrls is empty), "
                            + "so calls cannot ring in this page. Ask an admin.");
        }
        if (endpoint == null) {
            return webrtcProblem(
                    agent,
                    "Your SIP interface (" + agent.sipInterface() + ") is not a PJSIP endpoint, "
                            + "so the softphone cannot register as it. Ask an admin.");
        }
        if (settings.seal().isEmpty()) {
            return webrtcProblem(
                    agent,
                    "This server has no softphone.credentialKey, so it cannot read your SIP password. "
                            + "Ask an admin.");
        }
        String password;
        try {
            password = settings.seal().get().open(agentId, sealed.get());
        } catch (CredentialSeal.SealException e) {
            return webrtcProblem(
                    agent, "Your SIP password cannot be read (" + e.getMessage() + "); ask an admin to set it again.");
        }
        return new PhoneProfile(
                PhoneKind.webrtc.name(),
                agent.sipInterface(),
                null,
                new PhoneProfile.Registration(
                        settings.webSocketUrls(),
                        "sip:" + endpoint + "@" + settings.sipDomain(),
                        endpoint,
                        password,
                        agent.displayName(),
                        settings.stunServers()));
    }

    /** Makes the softphone the agent's phone, registering with this password (the one pjsip.conf holds). */
    public Agent useSoftphone(long agentId, String password, String actor) {
        if (password == null || !PASSWORD.matcher(password).matches()) {
            throw new IllegalArgumentException(
                    "password must be 12 to 128 letters, digits or punctuation, without spaces, "
                            + "quotes, backslashes or ';' (pjsip.conf reads ';' as the start of a comment)");
        }
        CredentialSeal seal = settings.seal()
                .orElseThrow(() -> new ConflictException(
                        "the server has no softphone.credentialKey to keep SIP passwords with; set it first"));
        if (!settings.enabled()) {
            throw new ConflictException(
                    "the server has no softphone.webSocketUrls (Asterisk's WSS address); set it first");
        }
        Agent agent = agent(agentId);
        if (endpointOf(agent.sipInterface()) == null) {
            throw new ConflictException("the softphone registers as a PJSIP endpoint: set the agent's SIP interface to "
                    + "PJSIP/<endpoint> first (it is " + (agent.sipInterface() == null ? "empty" : agent.sipInterface())
                    + ")");
        }
        passwords.store(agentId, seal.seal(agentId, password), actor);
        return agent(agentId);
    }

    /** Back to the desk phone at the same interface; the stored password is deleted. */
    public Agent useDeskPhone(long agentId, String actor) {
        passwords.remove(agentId, actor);
        return agent(agentId);
    }

    private static PhoneProfile webrtcProblem(Agent agent, String problem) {
        return new PhoneProfile(PhoneKind.webrtc.name(), agent.sipInterface(), problem, null);
    }

    private Agent agent(long agentId) {
        return agents.findById(agentId).orElseThrow(() -> new NotFoundException("agent", agentId));
    }

    /** The PJSIP endpoint an interface names, or null when it names something else. */
    static String endpointOf(String sipInterface) {
        if (sipInterface == null) {
            return null;
        }
        Matcher matcher = PJSIP_INTERFACE.matcher(sipInterface);
        return matcher.matches() ? matcher.group(1) : null;
    }
}
