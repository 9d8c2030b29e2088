/** Asterisk at the edge: FastAGI sessions running IVR flows, AMI supervision, call control. */
package io.omniline.telephony;
