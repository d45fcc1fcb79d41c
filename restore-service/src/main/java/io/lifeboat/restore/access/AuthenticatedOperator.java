package io.lifeboat.restore.access;

import jakarta.servlet.http.HttpServletRequest;

/** Reads who an allowed request was authenticated as. */
public final class AuthenticatedOperator {

    private AuthenticatedOperator() {
    }

    /** The operator's name; only set on requests to {@link RequiresRole} endpoints that were allowed. */
    public static String of(HttpServletRequest request) {
        Object name = request.getAttribute(OperatorInterceptor.OPERATOR);
        if (name == null) {
            throw new IllegalStateException("request to " + request.getRequestURI() + " was not authenticated");
        }
        return (String) name;
    }
}
