package io.omniline.telephony.ami;

import io.omniline.telephony.ami.event.AmiEvent;
import java.util.List;

/** A list action's answer: the response that opened it and the items, without the closing *Complete event. */
public record AmiList(AmiPacket response, List<AmiEvent> items) {

    public AmiList {
        items = List.copyOf(items);
    }

    public <T extends AmiEvent> List<T> items(Class<T> type) {
        return items.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
