package dev.featurestore.local.cli;

import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import java.util.ArrayList;
import java.util.List;

/** Text columns for {@link TablePrinter} listings that are not feature rows. */
final class Columns {
    private Columns() {
    }

    static List<Field> strings(String... names) {
        List<Field> fields = new ArrayList<>();
        for (String n : names) {
            fields.add(new Field(n, FieldType.STRING));
        }
        return fields;
    }
}
