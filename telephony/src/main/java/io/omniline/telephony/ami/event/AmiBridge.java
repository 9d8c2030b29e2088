package io.omniline.telephony.ami.event;

/** The bridge block of BridgeEnter, BridgeLeave and BridgeDestroy. */
public record AmiBridge(
        String uniqueId,
        String type,
        String technology,
        String creator,
        String name,
        int numChannels,
        String videoSourceMode) {}
