package io.omniline.telephony.agi;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.MappingStrategy;

/**
 * The table of FastAGI scripts this node serves, by the name in the dialplan's
 * {@code AGI(agi://host:port/NAME?…)}. A feature registers its scripts here; a name nobody
 * registered gets no script, and Asterisk-Java tells Asterisk so.
 */
public final class AgiScripts implements MappingStrategy {

    private final Map<String, AgiScript> byName = new ConcurrentHashMap<>();

    /** @throws IllegalStateException when {@code name} is taken: two features must not answer one dialplan step */
    public AgiScripts register(String name, AgiScript script) {
        AgiScript earlier = byName.putIfAbsent(name, script);
        if (earlier != null) {
            throw new IllegalStateException("the AGI script " + name + " is registered twice");
        }
        return this;
    }

    @Override
    public AgiScript determineScript(AgiRequest request, AgiChannel channel) {
        String name = request.getScript();
        return name == null ? null : byName.get(name);
    }
}
