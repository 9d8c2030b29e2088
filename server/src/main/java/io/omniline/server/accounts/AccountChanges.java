package io.omniline.server.accounts;

import io.omniline.bridge.routing.DigitalRouter;
import io.omniline.db.Repositories;
import io.omniline.db.Transactions;
import io.omniline.db.account.Account;
import io.omniline.server.auth.SignedInSockets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An admin disables an account or gives it a new password. Whoever held its sessions is out at
 * once, everywhere: the sessions end in the same transaction, and so does the agent's place in
 * digital routing (offers go back to the queue; when disabled, so do the conversations they
 * served); after the commit, the account's open desktop and wallboard sockets close on every
 * node, the withdrawn conversations are routed to others, and the agent's phone leaves the
 * Asterisk queues.
 */
public final class AccountChanges {

    private static final Logger log = LoggerFactory.getLogger(AccountChanges.class);

    private final Repositories repositories;
    private final Transactions transactions;
    private final SignedInSockets sockets;
    private final DigitalRouter router;
    private final QueueExit queues;

    public AccountChanges(
            Repositories repositories,
            Transactions transactions,
            SignedInSockets sockets,
            DigitalRouter router,
            QueueExit queues) {
        this.repositories = repositories;
        this.transactions = transactions;
        this.sockets = sockets;
        this.router = router;
        this.queues = queues;
    }

    /** What changed, and where the agent's phone stands in Asterisk's queues (null for staff accounts). */
    public record Outcome(Account account, QueueExit.Result phone) {}

    /**
     * @param disabled true or false to change it, null to leave it
     * @param passwordHash the new password's hash, or null to leave it
     */
    public Outcome change(long accountId, Boolean disabled, String passwordHash, String actor) {
        boolean signOut = Boolean.TRUE.equals(disabled) || passwordHash != null;
        Change change = transactions.call(tx -> {
            Account account = tx.accounts().change(accountId, disabled, passwordHash, actor);
            List<Long> requeued = signOut && account.agentId() != null
                    ? tx.digitalQueue().withdraw(account.agentId(), account.disabled())
                    : List.of();
            return new Change(account, requeued);
        });
        Account account = change.account();
        sockets.signOutEverywhere(account.id());
        if (!change.requeued().isEmpty()) {
            log.info("conversations {} of {} went back to their queues", change.requeued(), account.login());
            router.route();
        }
        QueueExit.Result phone = null;
        if (signOut && account.agentId() != null) {
            phone = repositories
                    .agents()
                    .findById(account.agentId())
                    .map(queues::leaveAll)
                    .orElse(null);
        }
        return new Outcome(account, phone);
    }

    private record Change(Account account, List<Long> requeued) {}
}
