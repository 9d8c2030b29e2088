package io.omniline.server.supervisor;

import io.omniline.server.presence.AgentState;
import java.util.List;

/**
 * One agent on the supervisor's floor: their state now, the queues they serve and their day.
 *
 * @param averageHandleSeconds null until one of today's contacts has finished
 */
public record FloorAgent(
        AgentState state, String phone, List<String> queues, int handledToday, Integer averageHandleSeconds) {}
