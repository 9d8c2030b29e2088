package io.omniline.telephony.ami;

/** Sees each event packet as it came, before it is decoded; for measurements (the AMI benchmark reads Timestamp). */
@FunctionalInterface
public interface AmiPacketTap {

    AmiPacketTap NONE = packet -> {};

    void seen(AmiPacket packet);
}
