package io.omniline.server.softphone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.db.agent.SealedPassword;
import io.omniline.server.config.ConfigException;
import io.omniline.server.config.OmnilineConfig;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoftphoneSettingsTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void theWebSocketUrlsAreCspSourcesAndTheDomainDefaultsToTheFirstHost() {
        SoftphoneSettings settings = SoftphoneSettings.from(new OmnilineConfig.Softphone(
                " wss://pbx.example.com:8443/ws , wss://pbx2.example.com:8443/ws",
                "",
                "stun:stun.example.com:3478",
                KEY));

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.webSocketUrls())
                .containsExactly("wss://pbx.example.com:8443/ws", "wss://pbx2.example.com:8443/ws");
        assertThat(settings.sipDomain()).isEqualTo("pbx.example.com");
        assertThat(settings.stunServers()).containsExactly("stun:stun.example.com:3478");
    }

    @Test
    void withoutUrlsTheSoftphoneIsOff() {
        SoftphoneSettings settings =
                SoftphoneSettings.from(OmnilineConfig.defaults().softphone());

        assertThat(settings.enabled()).isFalse();
        assertThat(settings.webSocketUrls()).isEmpty();
        assertThat(settings.seal()).isEmpty();
    }

    @Test
    void whatACspHeaderCouldNotHoldOrABrowserCouldNotUseStopsTheStartWithItsName() {
        for (String url :
                List.of("https://pbx.example.com/ws", "wss://pbx.example.com/ws; script-src *", "wss://*", "ws:")) {
            assertThatThrownBy(() -> SoftphoneSettings.from(new OmnilineConfig.Softphone(url, null, null, null)))
                    .as(url)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("softphone.webSocketUrls: ");
        }
        assertThatThrownBy(
                        () -> SoftphoneSettings.from(new OmnilineConfig.Softphone("wss://a/ws", null, "turn:x", null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("softphone.stunServers: turn:x");
        assertThatThrownBy(() ->
                        SoftphoneSettings.from(new OmnilineConfig.Softphone("wss://a/ws", null, null, "c2hvcnQ=")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("softphone.credentialKey must be 32 bytes, is 5 (make one with: openssl rand -base64 32)");
        assertThatThrownBy(() ->
                        SoftphoneSettings.from(new OmnilineConfig.Softphone("wss://a/ws", null, null, "not base64!")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("softphone.credentialKey is not base64");
    }

    @Test
    void aSealedPasswordOpensOnlyForItsAgentAndUnderItsKey() {
        CredentialSeal seal = new CredentialSeal(new byte[32]);
        byte[] otherKey = new byte[32];
        Arrays.fill(otherKey, (byte) 1);

        SealedPassword sealed = seal.seal(7, "pjsip-password-7");

        assertThat(new String(sealed.sealed(), StandardCharsets.ISO_8859_1)).doesNotContain("pjsip-password-7");
        assertThat(seal.open(7, sealed)).isEqualTo("pjsip-password-7");
        assertThat(seal.seal(7, "pjsip-password-7").sealed())
                .as("a fresh nonce each time")
                .isNotEqualTo(sealed.sealed());
        assertThatThrownBy(() -> seal.open(8, sealed))
                .isInstanceOf(CredentialSeal.SealException.class)
                .hasMessage("the stored softphone password does not belong to this agent or was altered");
        assertThatThrownBy(() -> new CredentialSeal(otherKey).open(7, sealed))
                .isInstanceOf(CredentialSeal.SealException.class)
                .hasMessage("the softphone password was stored under another softphone.credentialKey");
    }
}
