package io.omniline.server.auth;

import io.omniline.db.NotFoundException;
import io.omniline.db.account.Account;
import io.omniline.db.account.AccountRepository;
import io.omniline.server.DataStore;
import io.omniline.server.config.OmnilineConfig;
import java.io.PrintStream;

/**
 * {@code omniline reset-password LOGIN}: a new random password for an account, printed once, for
 * the admin who lost theirs (auth.adminPassword only sets the first start's). Run on the host,
 * against the configured database, so whoever can run it could read the data anyway. The
 * account's sessions end and the reset is in the audit log.
 */
public final class ResetPasswordCommand {

    private final PrintStream out;

    public ResetPasswordCommand(PrintStream out) {
        this.out = out;
    }

    public int run(OmnilineConfig config, String login) {
        String password = FirstAdmin.randomPassword();
        try (DataStore store = DataStore.open(config.database())) {
            AccountRepository accounts = store.database().repositories().accounts();
            Account account = accounts.credentials(login)
                    .map(AccountRepository.Credentials::account)
                    .orElseThrow(() -> new NotFoundException("account", AccountRepository.canonicalLogin(login)));
            accounts.change(
                    account.id(),
                    null,
                    new PasswordHasher(config.auth().bcryptCost()).hash(password),
                    "omniline reset-password");
            out.println("New password for '" + account.login() + "': " + password + " (shown only now)"
                    + (account.disabled() ? "; the account is disabled, an admin can enable it" : ""));
        }
        return 0;
    }
}
