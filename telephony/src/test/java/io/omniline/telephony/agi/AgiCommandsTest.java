package io.omniline.telephony.agi;

import static org.assertj.core.api.Assertions.assertThat;

import org.asteriskjava.fastagi.command.GetDataCommand;
import org.asteriskjava.fastagi.command.GetVariableCommand;
import org.asteriskjava.fastagi.command.SayNumberCommand;
import org.asteriskjava.fastagi.command.SetVariableCommand;
import org.asteriskjava.fastagi.command.StreamFileCommand;
import org.junit.jupiter.api.Test;

class AgiCommandsTest {

    @Test
    void commandsAreWrittenAsAsteriskJavaWritesThem() {
        assertThat(AgiCommands.streamFile("omniline/welcome").buildCommand())
                .isEqualTo(new StreamFileCommand("omniline/welcome").buildCommand())
                .isEqualTo("STREAM FILE \"omniline/welcome\" \"\"");
        assertThat(AgiCommands.getData("omniline/menu", 5000, 1).buildCommand())
                .isEqualTo(new GetDataCommand("omniline/menu", 5000, 1).buildCommand());
        assertThat(AgiCommands.setVariable("OMNILINE_QUEUE", "say \"hi\" \\ there")
                        .buildCommand())
                .isEqualTo(new SetVariableCommand("OMNILINE_QUEUE", "say \"hi\" \\ there").buildCommand())
                .isEqualTo("SET VARIABLE \"OMNILINE_QUEUE\" \"say \\\"hi\\\" \\\\ there\"");
        assertThat(AgiCommands.getVariable("CHANNEL(linkedid)").buildCommand())
                .isEqualTo(new GetVariableCommand("CHANNEL(linkedid)").buildCommand());
        assertThat(AgiCommands.sayNumber("12").buildCommand()).isEqualTo(new SayNumberCommand("12").buildCommand());
        assertThat(AgiCommands.setVariable("X", null).buildCommand()).isEqualTo("SET VARIABLE \"X\" \"\"");
    }

    @Test
    void aLineBreakInAValueCannotStartAnotherCommand() {
        assertThat(AgiCommands.setVariable("X", "1\r\nHANGUP\n").buildCommand())
                .isEqualTo("SET VARIABLE \"X\" \"1HANGUP\"");
        assertThat(AgiCommands.quote("\n\"a\"\r")).isEqualTo("\"\\\"a\\\"\"");
    }
}
