/** Chat, email and SMS, each session attached to the customer record. */
package io.omniline.bridge;
