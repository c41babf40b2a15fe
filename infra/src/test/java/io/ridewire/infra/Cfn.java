package io.ridewire.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads the synthesized template as plain maps: resources by type, and which resources a value refers to. */
final class Cfn {
    private final Map<String, Map<String, Object>> resources;

    @SuppressWarnings("unchecked")
    Cfn(Map<String, Object> template) {
        this.resources = (Map<String, Map<String, Object>>) template.get("Resources");
    }

    /** Logical id → properties of every resource of one type. */
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> ofType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources.forEach((id, resource) -> {
            if (type.equals(resource.get("Type"))) {
                found.put(id, (Map<String, Object>) resource.getOrDefault("Properties", Map.of()));
            }
        });
        return found;
    }

    Map<String, Object> resource(String logicalId) {
        Map<String, Object> resource = resources.get(logicalId);
        if (resource == null) {
            throw new AssertionError("no resource " + logicalId);
        }
        return resource;
    }

    String typeOf(String logicalId) {
        return (String) resource(logicalId).get("Type");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> properties(String logicalId) {
        return (Map<String, Object>) resource(logicalId).getOrDefault("Properties", Map.of());
    }

    int size() {
        return resources.size();
    }

    /** Logical ids a value refers to through {@code Ref} or {@code Fn::GetAtt}, anywhere inside it. */
    static Set<String> references(Object value) {
        Set<String> found = new TreeSet<>();
        collect(value, found);
        return found;
    }

    /** The one resource of a type that a value refers to. */
    String referencedOfType(Object value, String type) {
        List<String> matches = new ArrayList<>();
        for (String id : references(value)) {
            if (resources.containsKey(id) && type.equals(typeOf(id))) {
                matches.add(id);
            }
        }
        if (matches.size() != 1) {
            throw new AssertionError("expected one " + type + " in " + value + " but found " + matches);
        }
        return matches.get(0);
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object value, Set<String> found) {
        if (value instanceof Map<?, ?> map) {
            Object ref = map.get("Ref");
            if (ref instanceof String id) {
                found.add(id);
            }
            Object getAtt = map.get("Fn::GetAtt");
            if (getAtt instanceof List<?> parts && !parts.isEmpty()) {
                found.add((String) parts.get(0));
            }
            ((Map<String, Object>) map).values().forEach(v -> collect(v, found));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, found));
        }
    }
}
