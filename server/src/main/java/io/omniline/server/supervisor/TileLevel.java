package io.omniline.server.supervisor;

import java.util.Arrays;

/** How a figure on a queue's tile stands against its threshold; the page colours it so. */
public enum TileLevel {
    ok,
    warning,
    alarm;

    /** The worst of these, so a tile is as red as its reddest figure. */
    static TileLevel worst(TileLevel... levels) {
        return Arrays.stream(levels).max(Enum::compareTo).orElse(ok);
    }
}
