package dev.featurestore.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.config.DriftSettings;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.config.OrgConfig;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.function.Params;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.version.VersionInfo;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroupsJsonTest {

    @Test
    void listsGroupsWithTheOrgsTheCallerMayRead_leavingOutGroupsWithoutOne() {
        Map<String, OrgConfig> orgs = new LinkedHashMap<>();
        orgs.put("acme", new OrgConfig("acme", Map.of(), List.of(), Schema.of()));
        orgs.put("globex", new OrgConfig("globex", Map.of(), List.of(), Schema.of()));
        GroupConfig customer = new GroupConfig("customer", "Customer features", TestSchemas.CUSTOMER, List.of(),
                Optional.empty(), Map.of(), orgs, DriftSettings.DEFAULT, 5, Path.of("config/groups/customer.yaml"),
                dev.featurestore.config.GroupDocs.NONE);
        assertThat(GroupsJson.groups(List.of(customer), "acme"::equals)).isEqualTo(
                "{\"groups\":[{\"group\":\"customer\",\"description\":\"Customer features\",\"orgs\":[\"acme\"]}]}");
        assertThat(GroupsJson.groups(List.of(customer), "initech"::equals)).isEqualTo("{\"groups\":[]}");
    }

    @Test
    void describesOneGroupForOneOrg_withFieldsAndVersions() {
        ResolvedGroup group = new ResolvedGroup("customer", "acme",
                Schema.of(new Field("age", FieldType.BIGINT), new Field("m", FieldType.decimal(5, 2))), List.of(),
                Params.empty(), DriftSettings.DEFAULT);
        List<VersionInfo> versions = List.of(
                new VersionInfo("v2", "2026-11-24T03:15:00Z", 10, "h2", 100, false, true, null),
                new VersionInfo("v1", "2026-11-23T03:15:00Z", 9, "h1", 90, true, false, null));
        assertThat(GroupsJson.group(group, "Customer features", versions)).isEqualTo("{\"group\":\"customer\","
                + "\"description\":\"Customer features\",\"org\":\"acme\",\"fields\":["
                + "{\"name\":\"age\",\"type\":\"bigint\"},{\"name\":\"m\",\"type\":\"decimal(5,2)\"}],\"functions\":[],\"current\":\"v1\","
                + "\"versions\":[{\"version\":\"v2\",\"created_at\":\"2026-11-24T03:15:00Z\",\"row_count\":10,"
                + "\"config_hash\":\"h2\",\"bytes\":100,\"current\":false,\"pinned\":true},{\"version\":\"v1\",\"created_at\":"
                + "\"2026-11-23T03:15:00Z\",\"row_count\":9,\"config_hash\":\"h1\",\"bytes\":90,\"current\":true,"
                + "\"pinned\":false}]}");
    }
}
