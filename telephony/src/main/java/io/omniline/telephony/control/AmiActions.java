package io.omniline.telephony.control;

import io.omniline.telephony.ami.AmiAction;
import io.omniline.telephony.ami.AmiException;
import io.omniline.telephony.ami.AmiPacket;

/** Where call control sends its actions: the supervised AMI connection in production. */
@FunctionalInterface
public interface AmiActions {

    AmiPacket send(AmiAction action) throws AmiException;
}
