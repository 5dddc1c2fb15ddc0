package dev.featurestore.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.featurestore.config.DriftSettings;
import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.config.OrgConfig;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.version.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The plan against a fake deployed state: what changes, what breaks, and that matching configs plan nothing. */
class ConfigPlanTest {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    /** A deployed state held in maps (latest and published manifest per group/org). */
    static final class FakeState implements DeployedState {
        final Map<GroupOrg, Manifest> latest = new LinkedHashMap<>();
        final Map<GroupOrg, Manifest> published = new HashMap<>();

        @Override
        public List<GroupOrg> groupOrgs() {
            return new ArrayList<>(latest.keySet());
        }

        @Override
        public Optional<Manifest> latest(String group, String org) {
            return Optional.ofNullable(latest.get(new GroupOrg(group, org)));
        }

        @Override
        public Optional<Manifest> published(String group, String org) {
            return Optional.ofNullable(published.get(new GroupOrg(group, org)));
        }
    }

    private static GroupConfig group(String name, Schema fields, List<FunctionSpec> functions, String... orgs) {
        return scheduled(name, Optional.empty(), fields, functions, orgs);
    }

    private static GroupConfig scheduled(String name, Optional<String> schedule, Schema fields, List<FunctionSpec> functions, String... orgs) {
        Map<String, OrgConfig> o = new LinkedHashMap<>();
        for (String org : orgs) {
            o.put(org, new OrgConfig(org, Map.of(), List.of(), new Schema(List.of())));
        }
        return new GroupConfig(name, "", fields, functions, schedule, Map.of(), o, DriftSettings.DEFAULT, 10, Path.of(name + ".yaml"),
                dev.featurestore.config.GroupDocs.NONE);
    }

    /** A manifest whose lineage recorded {@code schedule} ("" for none). */
    private static Manifest withSchedule(Manifest m, String schedule) {
        return new Manifest(m.formatVersion(), m.group(), m.org(), m.version(), m.runId(), m.createdAt(), m.configHash(), m.codeVersion(),
                m.schema(), m.rowCount(), m.files(), m.functions(), m.timingsMs(), m.stats(), m.contentChecksum(), m.dataAsOf(), m.lookup(),
                new dev.featurestore.version.Lineage(Map.of(), List.of(), null, List.of(), schedule));
    }

    private static Manifest manifest(GroupConfig g, String org, String version) throws Exception {
        List<Map<String, Object>> columns = new ArrayList<>();
        columns.add(Map.of("name", "id", "type", "string"));
        g.fields().fields().forEach(f -> columns.add(Map.of("name", f.name(), "type", f.type().sqlName())));
        List<Map<String, Object>> functions = new ArrayList<>();
        for (FunctionSpec fn : g.functions()) {
            functions.add(Map.of("name", fn.name(), "kind", fn instanceof FunctionSpec.Sql ? "sql" : "java",
                    "source", fn instanceof FunctionSpec.Sql s ? s.sql() : ((FunctionSpec.Java) fn).className(),
                    "rows", 1, "duration_ms", 1, "queries", List.of(), "query_ids", List.of()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format_version", 1);
        m.put("group", g.name());
        m.put("org", org);
        m.put("version", version);
        m.put("config_hash", g.forOrg(org).configHash());
        m.put("schema", columns);
        m.put("files", List.of());
        m.put("functions", functions);
        m.put("timings_ms", Map.of());
        return JSON.convertValue(m, Manifest.class);
    }

    private static final FunctionSpec SQL = new FunctionSpec.Sql("orders", "c/orders.sql", "select 1", Optional.empty());
    private static final Schema FIELDS = new Schema(List.of(new Field("age", FieldType.INT), new Field("orders", FieldType.BIGINT)));

    @Test
    void plan_isEmpty_whenEveryOrgMatchesItsNewestVersion() throws Exception {
        GroupConfig g = group("customer", FIELDS, List.of(SQL), "acme");
        FakeState state = new FakeState();
        state.latest.put(new DeployedState.GroupOrg("customer", "acme"), manifest(g, "acme", "v1"));

        assertThat(ConfigPlan.plan(Map.of("customer", g), state, Optional.empty())).isEmpty();
    }

    @Test
    void plan_flagsATypeChangeAsBreaking_onlyWhenThePublishedVersionHasTheOldType() throws Exception {
        GroupConfig before = group("customer", FIELDS, List.of(SQL), "acme", "globex");
        FakeState state = new FakeState();
        state.latest.put(new DeployedState.GroupOrg("customer", "acme"), manifest(before, "acme", "v2"));
        state.published.put(new DeployedState.GroupOrg("customer", "acme"), manifest(before, "acme", "v2"));
        state.latest.put(new DeployedState.GroupOrg("customer", "globex"), manifest(before, "globex", "v1"));
        GroupConfig after = group("customer", new Schema(List.of(new Field("age", FieldType.BIGINT), new Field("orders", FieldType.BIGINT))),
                List.of(SQL), "acme", "globex");

        List<PlanChange> changes = ConfigPlan.plan(Map.of("customer", after), state, Optional.empty());

        assertThat(changes).extracting(PlanChange::toString).containsExactly(
                "~ field age (int -> bigint) BREAKS: published version v2 has it as int; readers that filter or compute on it as int fail, and versions differ in type",
                "~ field age (int -> bigint)");
        assertThat(changes).extracting(PlanChange::org).containsExactly("acme", "globex");
    }

    @Test
    void plan_listsRemovedGroupsAndOrgs_andNewGroups_butOnlyTheAskedOrgs() throws Exception {
        GroupConfig customer = group("customer", FIELDS, List.of(SQL), "acme", "globex");
        GroupConfig old = group("store", FIELDS, List.of(SQL), "acme");
        FakeState state = new FakeState();
        state.latest.put(new DeployedState.GroupOrg("customer", "acme"), manifest(customer, "acme", "v1"));
        state.latest.put(new DeployedState.GroupOrg("customer", "initech"), manifest(group("customer", FIELDS, List.of(SQL), "initech"), "initech", "v1"));
        state.latest.put(new DeployedState.GroupOrg("store", "acme"), manifest(old, "acme", "v1"));
        GroupConfig fresh = group("basket", FIELDS, List.of(SQL), "acme");

        List<PlanChange> all = ConfigPlan.plan(Map.of("customer", customer, "basket", fresh), state, Optional.empty());
        List<PlanChange> acme = ConfigPlan.plan(Map.of("customer", customer, "basket", fresh), state, Optional.of(Set.of("acme")));

        assertThat(all).extracting(c -> c.action() + " " + c.what() + " " + c.group() + "/" + c.name()).containsExactlyInAnyOrder(
                "add group basket/basket", "add org customer/globex", "remove org customer/initech", "remove group store/store");
        assertThat(acme).extracting(c -> c.action() + " " + c.what() + " " + c.group() + "/" + c.name()).containsExactlyInAnyOrder(
                "add group basket/basket", "remove group store/store");
    }

    @Test
    void plan_reportsFunctionChanges_andParamsOnlyThroughTheConfigHash() throws Exception {
        GroupConfig before = group("customer", FIELDS, List.of(SQL), "acme");
        FakeState state = new FakeState();
        state.latest.put(new DeployedState.GroupOrg("customer", "acme"), manifest(before, "acme", "v1"));
        GroupConfig sqlChanged = group("customer", FIELDS, List.of(new FunctionSpec.Sql("orders", "c/orders.sql", "select 2", Optional.empty())), "acme");
        GroupConfig toJava = group("customer", FIELDS, List.of(new FunctionSpec.Java("orders", "a.Orders", Optional.empty())), "acme");
        GroupConfig params = new GroupConfig("customer", "", FIELDS, List.of(SQL), Optional.empty(), Map.of("x", 1L),
                before.orgs(), DriftSettings.DEFAULT, 10, Path.of("c.yaml"), dev.featurestore.config.GroupDocs.NONE);

        assertThat(ConfigPlan.plan(Map.of("customer", sqlChanged), state, Optional.empty())).extracting(PlanChange::toString)
                .containsExactly("~ function orders (SQL text changed)");
        assertThat(ConfigPlan.plan(Map.of("customer", toJava), state, Optional.empty())).extracting(PlanChange::toString)
                .containsExactly("~ function orders (sql -> java)");
        assertThat(ConfigPlan.plan(Map.of("customer", params), state, Optional.empty())).extracting(PlanChange::what)
                .containsExactly("params");
    }

    @Test
    void plan_reportsSchedulesAddedChangedAndRemoved_againstTheScheduleTheNewestVersionRecorded() throws Exception {
        String daily = "cron(0 3 * * ? *)";
        GroupConfig none = scheduled("customer", Optional.empty(), FIELDS, List.of(SQL), "acme");
        GroupConfig hourly = scheduled("customer", Optional.of("rate(1 hour)"), FIELDS, List.of(SQL), "acme");
        GroupConfig nightly = scheduled("customer", Optional.of(daily), FIELDS, List.of(SQL), "acme");
        DeployedState.GroupOrg acme = new DeployedState.GroupOrg("customer", "acme");
        FakeState unscheduled = new FakeState();
        unscheduled.latest.put(acme, withSchedule(manifest(none, "acme", "v1"), ""));
        FakeState ranHourly = new FakeState();
        ranHourly.latest.put(acme, withSchedule(manifest(hourly, "acme", "v1"), "rate(1 hour)"));

        assertThat(ConfigPlan.plan(Map.of("customer", nightly), unscheduled, Optional.empty())).extracting(PlanChange::toString)
                .containsExactly("+ schedule cron(0 3 * * ? *)");
        assertThat(ConfigPlan.plan(Map.of("customer", nightly), ranHourly, Optional.empty())).extracting(PlanChange::toString)
                .containsExactly("~ schedule cron(0 3 * * ? *) (was rate(1 hour))");
        assertThat(ConfigPlan.plan(Map.of("customer", none), ranHourly, Optional.empty())).extracting(PlanChange::toString)
                .containsExactly("- schedule rate(1 hour) (recalculated only when started)");
        assertThat(ConfigPlan.plan(Map.of("customer", hourly), ranHourly, Optional.empty())).isEmpty();
        assertThat(ConfigPlan.plan(Map.of("customer", nightly), unscheduled, Optional.empty())).extracting(PlanChange::org)
                .containsExactly("acme");
    }

    @Test
    void plan_saysNothingAboutTheSchedule_whenTheNewestVersionDidNotRecordIt() throws Exception {
        GroupConfig nightly = scheduled("customer", Optional.of("cron(0 3 * * ? *)"), FIELDS, List.of(SQL), "acme");
        FakeState old = new FakeState();
        old.latest.put(new DeployedState.GroupOrg("customer", "acme"), manifest(nightly, "acme", "v1"));

        assertThat(ConfigPlan.plan(Map.of("customer", nightly), old, Optional.empty())).isEmpty();
    }
}
