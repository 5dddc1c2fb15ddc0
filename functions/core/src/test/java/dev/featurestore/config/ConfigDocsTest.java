package dev.featurestore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Descriptions, owners, tags, units and PII marks in group files: the long form of a field, groups, functions. */
class ConfigDocsTest {
    @TempDir
    Path root;
    Path config;

    @BeforeEach
    void setUp() throws IOException {
        config = root.resolve("config");
        Files.createDirectories(config.resolve("groups"));
        Files.createDirectories(config.resolve("customer"));
        Files.writeString(config.resolve("customer/orders.sql"), "select id, count(*) as orders_90d from orders group by id");
    }

    private GroupConfig load(String fields, String orgs) throws IOException {
        Files.writeString(config.resolve("groups/customer.yaml"), """
                group: customer
                description: One row per customer
                owner: crm-team
                tags: [core, customer]
                fields:
                %s
                functions:
                  - sql: customer/orders.sql
                    fields: [orders_90d]
                    description: Counts orders
                  - class: dev.example.Profile
                    fields: [age, email]
                    owner: profile-team
                orgs:
                %s
                """.formatted(fields.indent(2).stripTrailing(), orgs.indent(2).stripTrailing()));
        return ConfigLoader.create(config, fn -> fn.declaredFields().map(names -> names.stream().map(OutputColumn::named).toList())).load("customer");
    }

    @Test
    void longFormField_carriesItsDocs_andShortFormStaysValid() throws IOException {
        GroupConfig g = load("""
                age: int
                email: { type: string, description: Contact address, tags: [contact], pii: true }
                orders_90d:
                  type: bigint
                  description: Orders in the last 90 days
                  owner: sales
                  unit: orders
                """, "acme: {}");

        assertThat(g.fields().fields()).extracting(f -> f.name() + ":" + f.type().sqlName())
                .containsExactly("age:int", "email:string", "orders_90d:bigint");
        assertThat(g.docs().field("email")).isEqualTo(new Docs("Contact address", "crm-team", List.of("contact"), "", true));
        assertThat(g.docs().field("orders_90d")).isEqualTo(new Docs("Orders in the last 90 days", "sales", List.of(), "orders", false));
        assertThat(g.docs().field("age")).isEqualTo(new Docs("", "crm-team", List.of(), "", false));
        assertThat(g.docs().group()).isEqualTo(new Docs("One row per customer", "crm-team", List.of("core", "customer"), "", false));
        assertThat(g.docs().function("orders").description()).isEqualTo("Counts orders");
        assertThat(g.docs().function("profile").owner()).isEqualTo("profile-team");
        assertThat(g.docs().piiFields()).containsExactly("email");
    }

    @Test
    void orgField_describesAFieldOnlyThatOrgHas() throws IOException {
        GroupConfig g = load("""
                age: int
                email: string
                orders_90d: bigint
                """, """
                acme:
                  fields:
                    tier: { type: string, description: Loyalty tier }
                  functions:
                    - class: dev.example.Tier
                      fields: [tier]
                """);

        assertThat(g.docs().field("tier").description()).isEqualTo("Loyalty tier");
    }

    @Test
    void badMetadata_isReportedWithFileAndKey_allAtOnce() {
        assertThatThrownBy(() -> load("""
                age: { type: int, descripton: typo }
                email: { type: string, tags: [contact, 3, true], pii: yes please }
                orders_90d: { description: no type }
                """, "acme: {}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config/groups/customer.yaml: fields.age.descripton: unknown key (allowed here: description, owner, pii, tags, type, unit)")
                .hasMessageContaining("config/groups/customer.yaml: fields.email.tags[1]: expected a tag: a non-empty string")
                .hasMessageContaining("config/groups/customer.yaml: fields.email.tags[2]: expected a tag: a non-empty string")
                .hasMessageContaining("config/groups/customer.yaml: fields.email.pii: 'yes please' is not true or false")
                .hasMessageContaining("config/groups/customer.yaml: fields.orders_90d.type: missing");
    }

    @Test
    void groupTags_mustBeAList() {
        assertThatThrownBy(() -> {
            Files.writeString(config.resolve("groups/customer.yaml"), """
                    group: customer
                    tags: core
                    fields: { orders_90d: bigint }
                    functions: [ { sql: customer/orders.sql, fields: [orders_90d] } ]
                    orgs: { acme: {} }
                    """);
            ConfigLoader.create(config, fn -> fn.declaredFields().map(names -> names.stream().map(OutputColumn::named).toList())).load("customer");
        }).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config/groups/customer.yaml: tags: expected a list of tags (e.g. tags: [geo, core])");
    }
}
