package io.omniline.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.bridge.testing.ChatClient;
import io.omniline.bridge.testing.HeadlessChromium;
import io.omniline.db.account.AccountRole;
import io.omniline.db.testing.FreezingProxy;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.auth.PasswordHasher;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The supervisor's floor while the database is away (a proxy in between cuts it): a banner, never
 * a blank board. A class of its own for a database of its own: the chat it leaves waiting would
 * be in the other floor tests' tiles.
 */
class FloorDatabaseAwayBrowserTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    /** The database stops answering: a banner says so above the tiles, which keep the last figures read. */
    @Test
    void whenTheDatabaseStopsAnsweringABannerSaysSoAboveTheTilesWhichStay() throws Exception {
        try (FreezingProxy proxy = FreezingProxy.in(db.settings());
                Omniline omniline = Omniline.start(
                        TestConfigs.forDatabase(proxy.settings(db.settings())), TestConfigs.OPENING_HOURS);
                ChatClient visitor = ChatClient.connect(omniline.chatPort().orElseThrow())) {
            db.repositories()
                    .accounts()
                    .create("uma", new PasswordHasher(4).hash("supervisor-pw"), AccountRole.supervisor, null, "test");
            ChromeDriver supervisor = HeadlessChromium.start();
            try {
                WebDriverWait wait = new WebDriverWait(supervisor, Duration.ofSeconds(30));
                supervisor.get("http://127.0.0.1:" + omniline.httpPort() + "/");
                Pages.signIn(supervisor, wait, "uma", "supervisor-pw");
                wait.until(ExpectedConditions.textToBe(By.id("connection"), "Connected"));
                visitor.hello(null, "Pia", null, null);
                visitor.next("welcome");
                visitor.say("m1", "Hello?");
                visitor.next("ack");
                By chatWaiting = By.cssSelector("#wallboard [data-queue='chat'] tr[data-channel='chat'] .waiting");
                wait.until(ExpectedConditions.textToBe(chatWaiting, "1"));

                proxy.cut();
                wait.until(ExpectedConditions.textToBe(
                        By.id("database-banner"),
                        "The agents, today's figures and the chats, emails and SMS may be out of date:"
                                + " the database is not answering."));
                assertThat(supervisor.findElement(By.id("live-model")).isDisplayed())
                        .as("Asterisk is not followed either (AMI off): both banners, above the tiles")
                        .isTrue();
                assertThat(supervisor.findElement(chatWaiting).getText()).isEqualTo("1");
                Pages.screenshotAtEachSize(supervisor, "floor-tiles-database-not-answering");

                proxy.restore();
                wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("database-banner")));
            } finally {
                supervisor.quit();
            }
        }
    }
}
