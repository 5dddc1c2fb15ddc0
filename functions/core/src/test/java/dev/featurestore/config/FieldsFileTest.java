package dev.featurestore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.ConfigException;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FieldsFileTest {

    @TempDir
    Path tmp;

    @Test
    void load_readsFieldsInOrderWithAliases() throws Exception {
        Path f = Files.writeString(tmp.resolve("fields.yaml"), "fields:\n  b: float64\n  a: decimal(10,2)\n  c: datetime64[ns]\n");
        assertThat(FieldsFile.load(f)).isEqualTo(Schema.of(new Field("b", FieldType.DOUBLE),
                new Field("a", FieldType.decimal(10, 2)), new Field("c", FieldType.TIMESTAMP)));
    }

    @Test
    void load_reportsEveryProblem_whenTypesAreUnknown() throws Exception {
        Path f = Files.writeString(tmp.resolve("fields.yaml"), "fields:\n  a: number\n  id: string\nextra: 1\n");
        assertThatThrownBy(() -> FieldsFile.load(f))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid config (3 problems):\n"
                        + "  " + f + ": extra: unknown key (a fields file holds fields:)\n"
                        + "  " + f + ": fields.a: unknown type 'number' (use one of " + FieldType.knownNames() + ")\n"
                        + "  " + f + ": fields.id: 'id' is the entity key of every group and is not declared (remove it)");
    }

    @Test
    void load_fails_whenFileIsMissing() {
        Path f = tmp.resolve("nope.yaml");
        assertThatThrownBy(() -> FieldsFile.load(f))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid config (1 problem):\n  " + f + ": file not found");
    }
}
