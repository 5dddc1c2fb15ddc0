package dev.featurestore.api;

import dev.featurestore.error.ErrorKind;
import dev.featurestore.error.FeatureStoreException;

/** A request refused for an HTTP-only reason (405, 415, 401): only transports and the router throw it. */
public class HttpRefusal extends FeatureStoreException {
    public HttpRefusal(ErrorKind kind, String message) {
        super(kind, message, null);
    }
}
