package io.omniline.server.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnsafeDefaultsTest {

    @Test
    void theDefaultAmiSecretIsForThisMachineOnly() {
        for (String host : new String[] {"127.0.0.1", "localhost", "::1", "127.0.0.2"}) {
            assertThatCode(() -> UnsafeDefaults.refuse(withAmi(true, host, "omniline")))
                    .as(host)
                    .doesNotThrowAnyException();
        }
        for (String host : new String[] {"192.0.2.10", "0.0.0.0", "asterisk.invalid"}) {
            assertThatThrownBy(() -> UnsafeDefaults.refuse(withAmi(true, host, "omniline")))
                    .as(host)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("ami.secret");
        }
    }

    @Test
    void aSecretOfTheirOwnOrNoAmiAtAllIsFineAnywhere() {
        assertThatCode(() -> UnsafeDefaults.refuse(withAmi(true, "192.0.2.10", "s3cret-of-their-own")))
                .doesNotThrowAnyException();
        assertThatCode(() -> UnsafeDefaults.refuse(withAmi(false, "192.0.2.10", "omniline")))
                .doesNotThrowAnyException();
    }

    private static OmnilineConfig withAmi(boolean enabled, String host, String secret) {
        OmnilineConfig config = OmnilineConfig.defaults();
        return new OmnilineConfig(
                config.http(),
                config.database(),
                config.identity(),
                config.ivr(),
                config.agi(),
                new OmnilineConfig.Ami(
                        enabled,
                        host,
                        5038,
                        "omniline",
                        secret,
                        5,
                        20,
                        30,
                        config.ami().reconcileSeconds()),
                config.chat(),
                config.digital(),
                config.email(),
                config.sms(),
                config.auth(),
                config.softphone(),
                config.reports());
    }
}
