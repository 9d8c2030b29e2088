package io.omniline.server.api;

import io.omniline.db.account.AccountRole;
import java.util.EnumSet;
import java.util.Set;

/** Who may call a route. */
public final class Roles {

    public static final Set<AccountRole> ADMIN = EnumSet.of(AccountRole.admin);
    public static final Set<AccountRole> STAFF = EnumSet.of(AccountRole.supervisor, AccountRole.admin);
    public static final Set<AccountRole> AGENT = EnumSet.of(AccountRole.agent);
    public static final Set<AccountRole> EVERYONE = EnumSet.allOf(AccountRole.class);

    private Roles() {}
}
