package io.omniline.bench.micro;

import io.omniline.telephony.ami.AmiDecoder;
import io.omniline.telephony.ami.event.AmiEvents;
import io.omniline.telephony.sim.ScriptedCalls;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One AMI event, from what came off the wire to an object the application can use, over the
 * events of a captured answered call. Omniline: the bytes through {@link AmiDecoder} (line
 * framing, headers, the packet) and {@link AmiEvents} (the typed event). Stock Asterisk-Java: its event builder on headers already split
 * into the map its reader makes — the framing is left out of the stock side, which favours it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AmiParsing {

    private byte[][] wire;
    private List<Map<String, Object>> headers;
    private AmiDecoder decoder;
    private Object stockBuilder;
    private Method stockBuild;
    private int next;

    @Setup
    public void load(Blackhole sink) throws ReflectiveOperationException {
        List<byte[]> call = ScriptedCalls.answered("1795455816.1", "support", "PJSIP/1001", 1);
        wire = call.toArray(byte[][]::new);
        headers = call.stream().map(AmiParsing::split).toList();
        decoder = new AmiDecoder(false, banner -> {}, packet -> sink.consume(AmiEvents.decode(packet)));
        // The stock builder is package-private: Asterisk-Java's reader is its only caller.
        Constructor<?> constructor = Class.forName("org.asteriskjava.manager.internal.EventBuilderImpl")
                .getDeclaredConstructor();
        constructor.setAccessible(true);
        stockBuilder = constructor.newInstance();
        stockBuild = stockBuilder.getClass().getMethod("buildEvent", Object.class, Map.class);
        stockBuild.setAccessible(true);
    }

    @Benchmark
    public void omniline() {
        byte[] event = wire[next++ % wire.length];
        decoder.feed(event, 0, event.length);
    }

    @Benchmark
    public Object stock() throws ReflectiveOperationException {
        return stockBuild.invoke(stockBuilder, this, headers.get(next++ % wire.length));
    }

    /** As Asterisk-Java's reader keeps a packet: header names lowercased, values as sent. */
    private static Map<String, Object> split(byte[] packet) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String line : new String(packet, StandardCharsets.UTF_8).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                map.put(
                        line.substring(0, colon).toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
        }
        return map;
    }
}
