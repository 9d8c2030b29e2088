package io.omniline.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.db.NotFoundException;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Defect: a lost admin password could only be fixed by wiping the data directory. */
class ResetPasswordCommandTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void aLostAdminPasswordIsReplacedByANewOnePrintedOnceAndTheOldSessionsEnd() throws Exception {
        try (Omniline omniline = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            ApiClient before = ApiClient.admin(omniline);
            before.call("GET", "/api/flows", null, 200);
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            int code = new ResetPasswordCommand(new PrintStream(out, true, StandardCharsets.UTF_8))
                    .run(TestConfigs.forDatabase(db.settings()), " Admin ");

            assertThat(code).isZero();
            Matcher printed = Pattern.compile("New password for 'admin': (\\S+) \\(shown only now\\)\n")
                    .matcher(out.toString(StandardCharsets.UTF_8));
            assertThat(printed.matches())
                    .as(out.toString(StandardCharsets.UTF_8))
                    .isTrue();
            before.call("GET", "/api/flows", null, 401);
            ApiClient.signIn(omniline, "admin", printed.group(1)).call("GET", "/api/flows", null, 200);
        }
    }

    @Test
    void anUnknownLoginIsNamed() {
        assertThatThrownBy(() ->
                        new ResetPasswordCommand(System.out).run(TestConfigs.forDatabase(db.settings()), "nobody"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("account nobody does not exist");
    }
}
