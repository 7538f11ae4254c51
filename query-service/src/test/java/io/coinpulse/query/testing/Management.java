package io.coinpulse.query.testing;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.net.URI;

/** Requests to the running test application's management interface (health, metrics), on its own random port. */
public final class Management {

    private Management() {
    }

    /** A REST Assured request to the management interface. */
    public static RequestSpecification management() {
        URI uri = URI.create(TestHTTPResourceManager.getManagementUri());
        return RestAssured.given().baseUri(uri.getScheme() + "://" + uri.getHost()).port(uri.getPort());
    }
}
