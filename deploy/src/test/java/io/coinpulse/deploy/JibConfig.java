package io.coinpulse.deploy;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Jib configuration of a module's image as Maven merges it: the root pom's pluginManagement
 * (shared by the services), overridden element by element by the module's "images" profile
 * (combine.self="override" replaces a whole element, as Maven does). Read from the POMs, because
 * the base images cannot be pulled here.
 */
final class JibConfig {

    static final String JIB = "jib-maven-plugin";

    private final Element managed;
    private final Element module;
    private final Element profile;

    private JibConfig(Element managed, Element module, Element profile) {
        this.managed = managed;
        this.module = module;
        this.profile = profile;
    }

    static JibConfig of(String moduleDir) {
        Element root = pom(Project.root().resolve("pom.xml"));
        Element managedPlugin = plugin(child(child(root, "build").orElseThrow(), "pluginManagement").orElseThrow(), JIB)
                .orElseThrow(() -> new AssertionError("the root pom manages no " + JIB));
        Element modulePom = pom(Project.root().resolve(moduleDir).resolve("pom.xml"));
        Element profile = profile(modulePom, "images")
                .orElseThrow(() -> new AssertionError(moduleDir + " has no images profile"));
        Element modulePlugin = plugin(child(profile, "build").orElseThrow(), JIB)
                .orElseThrow(() -> new AssertionError(moduleDir + "'s images profile has no " + JIB));
        return new JibConfig(managedPlugin, modulePlugin, profile);
    }

    /** The text at a path of the merged configuration, e.g. "container/user". */
    String text(String path) {
        return element(path).map(e -> e.getTextContent().trim())
                .orElseThrow(() -> new AssertionError("no " + path + " in the Jib configuration"));
    }

    /** The texts of the children of the element at a path, e.g. "container/ports". */
    List<String> texts(String path) {
        return element(path).map(e -> children(e).stream().map(c -> c.getTextContent().trim()).toList()).orElse(List.of());
    }

    /** The element at a path: the module's when it overrides the first step, else the managed one. */
    Optional<Element> element(String path) {
        String[] steps = path.split("/");
        Optional<Element> moduleTop = child(module, "configuration").flatMap(c -> child(c, steps[0]));
        Element base = moduleTop.filter(e -> "override".equals(e.getAttribute("combine.self")))
                .or(() -> moduleTop)
                .orElseGet(() -> child(managed, "configuration").flatMap(c -> child(c, steps[0])).orElse(null));
        Optional<Element> e = Optional.ofNullable(base);
        for (int i = 1; i < steps.length && e.isPresent(); i++) {
            String step = steps[i];
            e = e.flatMap(x -> child(x, step));
        }
        return e;
    }

    /** The goals the managed executions bind (Jib runs only where a profile declares the plugin). */
    List<String> goals() {
        List<String> goals = new ArrayList<>();
        child(managed, "executions").ifPresent(ex -> children(ex).forEach(x ->
                child(x, "goals").ifPresent(g -> children(g).forEach(goal -> goals.add(goal.getTextContent().trim())))));
        return goals;
    }

    Element profile() {
        return profile;
    }

    // ---- DOM helpers -----------------------------------------------------------------------------

    static Element pom(Path file) {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        } catch (Exception e) {
            throw new AssertionError(file + " is not XML", e);
        }
    }

    static Optional<Element> child(Element parent, String name) {
        return children(parent).stream().filter(e -> e.getTagName().equals(name)).findFirst();
    }

    static List<Element> children(Element parent) {
        List<Element> list = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                list.add(e);
            }
        }
        return list;
    }

    static Optional<Element> plugin(Element build, String artifactId) {
        return child(build, "plugins").flatMap(ps -> children(ps).stream()
                .filter(p -> child(p, "artifactId").map(a -> a.getTextContent().trim().equals(artifactId)).orElse(false))
                .findFirst());
    }

    static Optional<Element> profile(Element pom, String id) {
        return child(pom, "profiles").flatMap(ps -> children(ps).stream()
                .filter(p -> child(p, "id").map(i -> i.getTextContent().trim().equals(id)).orElse(false))
                .findFirst());
    }
}
