package io.omniline.db.agent;

import java.util.Map;

/**
 * A person who answers contacts.
 *
 * @param sipInterface the Asterisk interface that rings the agent's phone, e.g. PJSIP/1001
 * @param skills skill name to level (1-10), matched against a queue node's required skills
 * @param queues queue name to penalty: the queues the agent may log in to
 * @param phone the phone that rings at {@code sipInterface}: a desk phone, or the softphone in the page
 */
public record Agent(
        long id,
        String login,
        String displayName,
        String sipInterface,
        boolean active,
        Map<String, Integer> skills,
        Map<String, Integer> queues,
        PhoneKind phone) {}
