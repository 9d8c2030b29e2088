package io.omniline.telephony.agi;

import org.asteriskjava.fastagi.command.AgiCommand;
import org.asteriskjava.fastagi.command.GetDataCommand;
import org.asteriskjava.fastagi.command.GetVariableCommand;
import org.asteriskjava.fastagi.command.RecordFileCommand;
import org.asteriskjava.fastagi.command.SayAlphaCommand;
import org.asteriskjava.fastagi.command.SayDigitsCommand;
import org.asteriskjava.fastagi.command.SayNumberCommand;
import org.asteriskjava.fastagi.command.SetVariableCommand;
import org.asteriskjava.fastagi.command.StreamFileCommand;

/**
 * The AGI commands the IVR sends, written as Asterisk-Java writes them but quoted without its
 * three {@code replaceAll} calls and a {@code String.format} per argument, which were about a
 * quarter of what the IVR allocated under load. The quoting follows res_agi's argument parser:
 * an argument in double quotes, a backslash before {@code "} and {@code \}; CR and LF are dropped,
 * since either would end the command line early and let the rest be read as another command.
 */
final class AgiCommands {

    private AgiCommands() {}

    static AgiCommand streamFile(String file) {
        return new StreamFileCommand(file) {
            @Override
            protected String escapeAndQuote(String value) {
                return quote(value);
            }
        };
    }

    static AgiCommand getData(String file, long timeoutMillis, int maxDigits) {
        return new GetDataCommand(file, timeoutMillis, maxDigits) {
            @Override
            protected String escapeAndQuote(String value) {
                return quote(value);
            }
        };
    }

    /**
     * {@code RECORD FILE "<file>" "<format>" "<keys>" <ms> 0 BEEP s=<seconds>}: records from the
     * start of the file (offset 0), after a beep, until a key, the time limit or that much silence.
     */
    static AgiCommand recordFile(String file, String format, String endKeys, long timeoutMillis, int silenceSeconds) {
        return new RecordFileCommand(file, format, endKeys, (int) timeoutMillis, 0, true, silenceSeconds) {
            @Override
            protected String escapeAndQuote(String value) {
                return quote(value);
            }
        };
    }

    static AgiCommand setVariable(String name, String value) {
        return new SetVariableCommand(name, value) {
            @Override
            protected String escapeAndQuote(String text) {
                return quote(text);
            }
        };
    }

    static AgiCommand getVariable(String name) {
        return new GetVariableCommand(name) {
            @Override
            protected String escapeAndQuote(String value) {
                return quote(value);
            }
        };
    }

    static AgiCommand sayDigits(String digits) {
        return new SayDigitsCommand(digits) {
            @Override
            protected String escapeAndQuote(String value) {
                return quote(value);
            }
        };
    }

    static AgiCommand sayNumber(String number) {
        return new SayNumberCommand(number) {
            @Override
            protected String escapeAndQuote(String value) {
                return quote(value);
            }
        };
    }

    static AgiCommand sayAlpha(String text) {
        return new SayAlphaCommand(text) {
            @Override
            protected String escapeAndQuote(String value) {
                return quote(value);
            }
        };
    }

    /** {@code value} as one quoted AGI argument; null is the empty argument, as Asterisk-Java writes it. */
    static String quote(String value) {
        if (value == null) {
            return "\"\"";
        }
        int plain = 0;
        while (plain < value.length() && !special(value.charAt(plain))) {
            plain++;
        }
        StringBuilder quoted = new StringBuilder(value.length() + 4).append('"').append(value, 0, plain);
        for (int i = plain; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c != '\r' && c != '\n') {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    private static boolean special(char c) {
        return c == '"' || c == '\\' || c == '\r' || c == '\n';
    }
}
