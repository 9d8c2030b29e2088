package io.omniline.server.api;

import io.omniline.db.account.AccountRole;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Who may call a route. */
public final class Roles {

    public static final Set<AccountRole> ADMIN = EnumSet.of(AccountRole.admin);
    public static final Set<AccountRole> STAFF = EnumSet.of(AccountRole.supervisor, AccountRole.admin);
    public static final Set<AccountRole> AGENT = EnumSet.of(AccountRole.agent);
    public static final Set<AccountRole> EVERYONE = EnumSet.allOf(AccountRole.class);

    private Roles() {}

    /** Why an account is refused a route, in words: "only supervisors and admins may …; this account is an agent's". */
    public static String refusal(Set<AccountRole> allowed, AccountRole role, String what) {
        List<String> plural =
                allowed.stream().sorted().map(r -> r.getLiteral() + "s").toList();
        String who = plural.size() == 1
                ? plural.get(0)
                : String.join(", ", plural.subList(0, plural.size() - 1)) + " and " + plural.get(plural.size() - 1);
        String article = role == AccountRole.admin || role == AccountRole.agent ? "an " : "a ";
        return "only " + who + " may " + what + "; you are signed in as " + article + role.getLiteral();
    }
}
