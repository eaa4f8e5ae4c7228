package org.pgmaint.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.util.Instantiatable;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes the report's maps, lists and values as JSON with Jackson, laid out for people reading it: two spaces per
 * level, one field per line, lists of plain values on one line ({@code ["a", "b"]}), lists of objects one object
 * per line. A number that is not finite is written as null (JSON has no NaN); dates and durations as ISO-8601
 * text.
 */
public final class Json {
    private static final ObjectWriter WRITER = JsonMapper.builder()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .addModule(new SimpleModule("pgmaint-report")
                    .addSerializer(Double.class, new FiniteOrNull())
                    .addSerializer(double.class, new FiniteOrNull())
                    .addSerializer(TemporalAccessor.class, ToStringSerializer.instance)
                    .addSerializer(TemporalAmount.class, ToStringSerializer.instance))
            .build()
            .writer(new Layout());
    private static final ObjectWriter STREAMING = WRITER.without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private Json() {
    }

    public static String write(Object value) {
        try {
            return WRITER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * As {@link #write(Object)}, streamed to {@code out} (left open, flushed): a plan at 100,000 tables is some
     * 700 MB of JSON, which as one string (and its bytes) took more memory than the plan itself.
     */
    public static void write(Object value, Writer out) throws IOException {
        STREAMING.writeValue(out, value);
        out.write('\n');
        out.flush();
    }

    private static final class FiniteOrNull extends StdSerializer<Double> {
        FiniteOrNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator out, SerializerProvider provider) throws IOException {
            if (Double.isFinite(value)) {
                out.writeNumber(value);
            } else {
                out.writeNull();
            }
        }
    }

    /**
     * The layout. Whether a list goes on one line is decided by its first element: an object or list starts a new
     * line for each element.
     */
    private static final class Layout implements PrettyPrinter, Instantiatable<Layout> {
        /** Per open object or list: does it put each element on its own line, and is its first one still due. */
        private static final class Level {
            boolean list;
            boolean multiline;
            boolean firstDue;
        }

        private final Deque<Level> levels = new ArrayDeque<>();

        @Override
        public Layout createInstance() {
            return new Layout();
        }

        private void newline(JsonGenerator out, int depth) throws IOException {
            out.writeRaw('\n');
            out.writeRaw("  ".repeat(depth));
        }

        /** An object or list as a list's first element puts that list's elements on lines of their own. */
        private void opening(JsonGenerator out, boolean list) throws IOException {
            Level parent = levels.peek();
            if (parent != null && parent.list && parent.firstDue) {
                parent.multiline = true;
                parent.firstDue = false;
                newline(out, levels.size());
            }
            Level level = new Level();
            level.list = list;
            level.multiline = !list;
            levels.push(level);
            out.writeRaw(list ? '[' : '{');
        }

        private void closing(JsonGenerator out, int elements, char bracket) throws IOException {
            Level level = levels.pop();
            if (elements > 0 && level.multiline) {
                newline(out, levels.size());
            }
            out.writeRaw(bracket);
        }

        @Override
        public void writeRootValueSeparator(JsonGenerator out) throws IOException {
            out.writeRaw('\n');
        }

        @Override
        public void writeStartObject(JsonGenerator out) throws IOException {
            opening(out, false);
        }

        @Override
        public void beforeObjectEntries(JsonGenerator out) throws IOException {
            newline(out, levels.size());
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator out) throws IOException {
            out.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator out) throws IOException {
            out.writeRaw(',');
            newline(out, levels.size());
        }

        @Override
        public void writeEndObject(JsonGenerator out, int entries) throws IOException {
            closing(out, entries, '}');
        }

        @Override
        public void writeStartArray(JsonGenerator out) throws IOException {
            opening(out, true);
        }

        @Override
        public void beforeArrayValues(JsonGenerator out) {
            levels.getFirst().firstDue = true;
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator out) throws IOException {
            Level level = levels.getFirst();
            level.firstDue = false;
            out.writeRaw(',');
            if (level.multiline) {
                newline(out, levels.size());
            } else {
                out.writeRaw(' ');
            }
        }

        @Override
        public void writeEndArray(JsonGenerator out, int values) throws IOException {
            closing(out, values, ']');
        }
    }
}
