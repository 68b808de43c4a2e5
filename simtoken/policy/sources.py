"""Sources: the public reference behind every key a preset's notes cite, and the status marks.

A preset's notes cite their sources by short keys in brackets, ``[A-at]`` for Auth0's page on
access-token lifetimes, ``[9700 §4.14.2]`` for a section of RFC 9700. :data:`SOURCES` maps each
key to its public reference; a test checks every cited key is here and every reference is an
``https://`` URL. :data:`MARKS` are the bracketed words that give a claim's status instead of a
source.
"""

from __future__ import annotations

__all__ = ["MARKS", "SOURCES"]

MARKS = ("unconfirmed", "secondary", "inference", "choice")
"""Bracketed words in notes that mark a claim's status; every other bracket cites a source."""

SOURCES: dict[str, str] = {
    # Standards
    "6749": "https://www.rfc-editor.org/rfc/rfc6749",
    "6819": "https://www.rfc-editor.org/rfc/rfc6819",
    "9700": "https://www.rfc-editor.org/rfc/rfc9700",
    "2.1": "https://datatracker.ietf.org/doc/draft-ietf-oauth-v2-1/ (draft 15)",
    "BBA": "https://datatracker.ietf.org/doc/draft-ietf-oauth-browser-based-apps/",
    "7009": "https://www.rfc-editor.org/rfc/rfc7009",
    "7662": "https://www.rfc-editor.org/rfc/rfc7662",
    "9449": "https://www.rfc-editor.org/rfc/rfc9449",
    "8705": "https://www.rfc-editor.org/rfc/rfc8705",
    "7519": "https://www.rfc-editor.org/rfc/rfc7519",
    "8725": "https://www.rfc-editor.org/rfc/rfc8725",
    "FAPI2": "https://bitbucket.org/openid/fapi/issues/676 (FAPI 2.0 rotation clause, quoted)",
    # Auth0
    "A-rot": "https://auth0.com/docs/secure/tokens/refresh-tokens/refresh-token-rotation",
    "A-cfg": "https://auth0.com/docs/secure/tokens/refresh-tokens/configure-refresh-token-rotation",
    "A-exp": "https://auth0.com/docs/secure/tokens/refresh-tokens/configure-refresh-token-expiration",
    "A-rev": "https://auth0.com/docs/secure/tokens/refresh-tokens/revoke-refresh-tokens",
    "A-ort": "https://auth0.com/docs/secure/tokens/refresh-tokens/online-refresh-tokens",
    "A-at": "https://auth0.com/docs/secure/tokens/access-tokens/update-access-token-lifetime",
    "A-keys": "https://auth0.com/docs/configure/tenant-settings/signing-keys/rotate-signing-keys",
    "A-rl": "https://auth0.com/docs/troubleshoot/customer-support/operational-policies/"
    "rate-limit-policy/rate-limit-configurations/enterprise-public",
    "A-rl2": "https://raw.githubusercontent.com/api-evangelist/auth0/refs/heads/main/"
    "rate-limits/auth0-rate-limits.yml",
    "A-pcp": "https://auth0.com/docs/customize/actions/triggers/post-change-password",
    "A-act": "https://auth0.com/docs/secure/tokens/refresh-tokens/manage-refresh-tokens-actions",
    "A-cm": "https://github.com/auth0/auth0-checkmate (analyzer/lib/clients/checkJWTSignAlg.js: "
    "an exported SPA application's refresh_token settings)",
    # Okta
    "O-rt": "https://developer.okta.com/docs/guides/refresh-tokens/main/",
    "O-sdk": "https://github.com/okta/okta-sdk-dotnet/blob/master/docs/"
    "OpenIdConnectApplicationSettingsRefreshToken.md",
    "O-life": "https://support.okta.com/help/s/article/What-is-the-lifetime-of-the-JWT-tokens",
    "O-rev": "https://developer.okta.com/docs/guides/revoke-tokens/revokeatrt",
    "O-dpop": "https://developer.okta.com/docs/guides/dpop/main/",
    "O-keys": "https://developer.okta.com/docs/concepts/key-rotation/",
    "O-sess": "https://developer.okta.com/okta-sdk-java/apidocs/com/okta/sdk/resource/api/"
    "UserSessionsApi.html",
    # Keycloak
    "K-to": "https://www.keycloak.org/docs/latest/server_admin/#_timeouts",
    "K-code": "https://github.com/keycloak/keycloak (RepresentationToModel realm defaults)",
    "K-const": "https://github.com/keycloak/keycloak (org.keycloak.models.Constants)",
    "K-ui": "https://github.com/keycloak/keycloak (admin console help text)",
    "K-tm": "https://github.com/keycloak/keycloak (TokenManager)",
    "K-rh": "https://docs.redhat.com/en/documentation/red_hat_build_of_keycloak/26.4/html/"
    "server_administration_guide/managing-user-sessions",
    "K-dpop": "https://www.keycloak.org/securing-apps/dpop",
    "K-pt": "https://phasetwo.io/docs/security/tokens-and-sessions/",
    "K-16081": "https://github.com/keycloak/keycloak/issues/16081",
    # AWS Cognito
    "C-rot": "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/"
    "API_RefreshTokenRotationType.html",
    "C-rt": "https://docs.aws.amazon.com/cognito/latest/developerguide/"
    "amazon-cognito-user-pools-using-the-refresh-token.html",
    "C-rev": "https://repost.aws/knowledge-center/revoke-cognito-jwt-token",
    "C-gso": "https://www.rdocumentation.org/packages/paws.security.identity/versions/0.3.1/"
    "topics/cognitoidentityprovider_admin_user_global_sign_out",
    "C-at": "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/"
    "API_CreateUserPoolClient.html (AccessTokenValidity) and API_TokenValidityUnitsType.html",
    # Microsoft Entra ID
    "E-rt": "https://learn.microsoft.com/entra/identity-platform/refresh-tokens",
    "E-cae": "https://learn.microsoft.com/entra/identity/conditional-access/"
    "concept-continuous-access-evaluation",
    "E-cae-app": "https://learn.microsoft.com/entra/identity-platform/"
    "app-resilience-continuous-access-evaluation",
    "E-cae-arch": "https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/architecture/"
    "resilience-with-continuous-access-evaluation.md",
    "E-zt": "https://learn.microsoft.com/security/zero-trust/develop/secure-with-cae",
    "E-rev": "https://learn.microsoft.com/graph/api/user-revokesigninsessions",
    # Ory Hydra, Spring AS, simplejwt, FusionAuth, Supabase
    "H-grace": "https://www.ory.sh/docs/hydra/guides/graceful-token-refresh",
    "H-2217": "https://github.com/ory/docs/pull/2217",
    "H-code": "https://github.com/ory/hydra (driver/config/provider.go, "
    "GracefulRefreshTokenRotation)",
    "H-cfg": "https://github.com/ory/hydra (config schema defaults: ttl.access_token 1h, "
    "ttl.refresh_token 720h, strategies.access_token opaque)",
    "S-ts": "https://github.com/spring-projects/spring-authorization-server/blob/main/"
    "oauth2-authorization-server/src/main/java/org/springframework/security/oauth2/server/"
    "authorization/settings/TokenSettings.java",
    "S-18018": "https://github.com/spring-projects/spring-security/issues/18018",
    "J-set": "https://github.com/jazzband/djangorestframework-simplejwt "
    "(rest_framework_simplejwt/settings.py, docs/settings.rst @998eb63)",
    "J-bl": "https://github.com/jazzband/djangorestframework-simplejwt (docs/blacklist_app.rst)",
    "F-api": "https://docs.rs/crate/fusionauth-rust-client/latest (FusionAuth OpenAPI 1.62.1)",
    "F-forum": "https://fusionauth.io/community/forum/post/7620",
    "F-979": "https://github.com/FusionAuth/fusionauth-issues/issues/979",
    "SB-doc": "https://supabase.com/docs/guides/auth/sessions",
    "SB-code": "https://github.com/supabase/auth (internal/tokens/service.go, "
    "internal/conf/configuration.go, README.md, example.env @bc32168e)",
    "SB-213": "https://github.com/supabase/auth-js/issues/213",
    "SB-conf": "https://github.com/supabase/auth (internal/conf/configuration.go, ApplyDefaults: "
    "JWT.Exp 3600)",
    "pyjwt": "https://github.com/jpadilla/pyjwt (jwt/api_jwt.py, docs/usage.rst @dcc27a9)",
    # Others
    "curity": "https://curity.io/docs/identity-server/configuration-reference/profiles/profile/"
    "settings/authorization-server/refresh-token-revocation",
    "wso2": "https://wso2.com/asgardeo/docs/references/tokens/refresh-tokens/",
    "airlock": "https://docs.airlock.com/iam/7.7/data/data/1594920812889.html",
    "drupal": "https://drupal.org/project/simple_oauth_refresh_token_buffer",
    "ids4": "https://github.com/IdentityServer/IdentityServer4/blob/main/docs/topics/"
    "refresh_tokens.rst",
    "dot#1617": "https://github.com/django-oauth/django-oauth-toolkit/issues/1617",
    "gitlab craig#981": "https://gitlab.com/gadhs/application/ccwis/craig/-/issues/981",
}
"""Source key → public reference (URL first, then the file or commit read where useful)."""
