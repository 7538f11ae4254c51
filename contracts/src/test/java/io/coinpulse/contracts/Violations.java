package io.coinpulse.contracts;

import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import java.util.Set;
import java.util.TreeSet;

/** A schema's findings as {@code keyword field} pairs, comparable in assertions. */
final class Violations {

    private Violations() {
    }

    /** {@code required eventTime}, {@code pattern asset}: the keyword and the field it is about. */
    static Set<String> of(Set<ValidationMessage> messages) {
        Set<String> found = new TreeSet<>();
        for (ValidationMessage m : messages) {
            found.add(m.getType() + " " + field(m));
        }
        return found;
    }

    private static String field(ValidationMessage m) {
        if (m.getProperty() != null) {
            return m.getProperty();
        }
        JsonNodePath at = m.getInstanceLocation();
        return at.getNameCount() == 0 ? "" : at.getName(at.getNameCount() - 1);
    }
}
