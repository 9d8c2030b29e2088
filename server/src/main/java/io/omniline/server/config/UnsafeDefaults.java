package io.omniline.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Refuses a default that is safe only on one machine when the configuration reaches beyond it.
 * The AMI secret {@code omniline} ships in asterisk-conf's manager.conf for a demo on one host;
 * sent to an Asterisk elsewhere, over plain TCP, it would be a password anyone may know.
 */
public final class UnsafeDefaults {

    static final String DEFAULT_AMI_SECRET = "omniline";

    private UnsafeDefaults() {}

    /** @throws ConfigException naming the key to set */
    public static void refuse(OmnilineConfig config) {
        OmnilineConfig.Ami ami = config.ami();
        if (!ami.enabled()) {
            return;
        }
        for (OmnilineConfig.Ami.Server server : ami.serverList()) {
            if (DEFAULT_AMI_SECRET.equals(server.secret()) && !isLoopback(server.host())) {
                boolean listed = !ami.servers().isEmpty();
                throw new ConfigException((listed ? "the secret of ami.servers '" + server.name() + "'" : "ami.secret")
                        + " is still the default '" + DEFAULT_AMI_SECRET + "' while "
                        + (listed ? "its host" : "ami.host")
                        + " (" + server.host() + ") is not this machine; set ami.secret ("
                        + ConfigLoader.environmentName("ami.secret") + ")" + (listed ? " or the server's secret" : "")
                        + " to the secret of the user in Asterisk's manager.conf, and change it there too");
            }
        }
    }

    /** A name is looked up; one that does not resolve, or resolves anywhere but loopback, is not this machine. */
    static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host.strip())) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
