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

    /**
     * The parent template with every nested stack's resources added, as if one template: a nested template's
     * parameters replaced by what the parent passes, the parent's references to nested outputs by their values.
     *
     * @param nested nested templates by construct id (their stack resources' logical ids start with it)
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> parent, Map<String, Map<String, Object>> nested) {
        Map<String, Object> parentResources = (Map<String, Object>) parent.get("Resources");
        Map<String, String> logicalIds = new LinkedHashMap<>();
        Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> child : nested.entrySet()) {
            String logicalId = parentResources.keySet().stream()
                    .filter(id -> id.startsWith(child.getKey() + "NestedStack")
                            && "AWS::CloudFormation::Stack".equals(((Map<String, Object>) parentResources.get(id)).get("Type")))
                    .findFirst().orElseThrow(() -> new AssertionError("no stack resource for " + child.getKey()));
            logicalIds.put(child.getKey(), logicalId);
            Map<String, Object> values = new LinkedHashMap<>();
            ((Map<String, Object>) child.getValue().getOrDefault("Outputs", Map.of()))
                    .forEach((name, output) -> values.put(name, ((Map<String, Object>) output).get("Value")));
            outputs.put(logicalId, values);
        }
        Map<String, Object> resources = new LinkedHashMap<>((Map<String, Object>) resolveOutputs(parentResources, outputs));
        for (Map.Entry<String, Map<String, Object>> child : nested.entrySet()) {
            Map<String, Object> stackResource = (Map<String, Object>) resources.get(logicalIds.get(child.getKey()));
            Map<String, Object> parameters = (Map<String, Object>) ((Map<String, Object>)
                    stackResource.getOrDefault("Properties", Map.of())).getOrDefault("Parameters", Map.of());
            Map<String, Object> childResources = (Map<String, Object>)
                    substitute(child.getValue().get("Resources"), parameters);
            childResources.forEach((id, resource) -> {
                if (resources.put(id, resource) != null) {
                    throw new AssertionError("logical id " + id + " in two stacks");
                }
            });
        }
        Map<String, Object> merged = new LinkedHashMap<>(parent);
        merged.put("Resources", resources);
        return merged;
    }

    /** Replaces {@code {"Ref": parameter}} by the value the parent passes for it. */
    @SuppressWarnings("unchecked")
    private static Object substitute(Object value, Map<String, Object> parameters) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get("Ref") instanceof String ref && parameters.containsKey(ref)) {
                return parameters.get(ref);
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> copy.put(k, substitute(v, parameters)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> substitute(v, parameters)).toList();
        }
        return value;
    }

    /** Replaces {@code {"Fn::GetAtt": [nestedStack, "Outputs.X"]}} by the nested output's value. */
    @SuppressWarnings("unchecked")
    private static Object resolveOutputs(Object value, Map<String, Map<String, Object>> outputs) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get("Fn::GetAtt") instanceof List<?> att && att.size() == 2
                    && outputs.containsKey(att.get(0)) && att.get(1) instanceof String path && path.startsWith("Outputs.")) {
                return resolveOutputs(outputs.get(att.get(0)).get(path.substring("Outputs.".length())), outputs);
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> copy.put(k, resolveOutputs(v, outputs)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> resolveOutputs(v, outputs)).toList();
        }
        return value;
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
