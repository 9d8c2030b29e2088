/** IVR flows as data: model, validator, interpreter and simulator. Knows nothing of Asterisk or SQL. */
package io.omniline.ivr;
