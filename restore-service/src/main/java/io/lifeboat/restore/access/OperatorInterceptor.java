package io.lifeboat.restore.access;

import io.lifeboat.restore.access.AccessAuditor.Decision;
import io.lifeboat.restore.config.RestoreProperties.Operator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks {@link RequiresRole} endpoints: 401 without a known token, 403 without the role, and an audit record for
 * every decision. The authenticated operator is left in the request attribute {@link #OPERATOR}.
 */
@Component
class OperatorInterceptor implements HandlerInterceptor {

    static final String OPERATOR = "lifeboat.operator";
    private static final String BEARER = "Bearer ";

    private final Operators operators;
    private final AccessAuditor auditor;

    OperatorInterceptor(Operators operators, AccessAuditor auditor) {
        this.operators = operators;
        this.auditor = auditor;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (!(handler instanceof HandlerMethod method) || !method.hasMethodAnnotation(RequiresRole.class)) {
            return true;
        }
        RequiresRole required = method.getMethodAnnotation(RequiresRole.class);
        String action = request.getMethod() + " " + request.getRequestURI();
        String header = request.getHeader("Authorization");
        Optional<Operator> operator = header != null && header.startsWith(BEARER)
                ? operators.byToken(header.substring(BEARER.length()).strip()) : Optional.empty();
        if (operator.isEmpty()) {
            auditor.record("anonymous", action, required.value(), Decision.UNAUTHENTICATED,
                    header == null ? "no bearer token" : "unknown token");
            response.setHeader("WWW-Authenticate", "Bearer");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "an operator API token is required");
            return false;
        }
        Operator who = operator.get();
        if (!who.roles().contains(required.value())) {
            auditor.record(who.name(), action, required.value(), Decision.FORBIDDEN,
                    "operator lacks role " + required.value());
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "role " + required.value() + " is required");
            return false;
        }
        auditor.record(who.name(), action, required.value(), Decision.ALLOWED, "role " + required.value());
        request.setAttribute(OPERATOR, who.name());
        return true;
    }
}
