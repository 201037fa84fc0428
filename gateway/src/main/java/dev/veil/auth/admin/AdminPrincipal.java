package dev.veil.auth.admin;

/**
 * A signed-in admin user, as resolved from a session token on every request.
 *
 * @param name user name
 * @param role current role (read at each request, so a role change applies at once)
 */
public record AdminPrincipal(String name, Role role) {

  /**
   * @throws AccessDeniedException unless the role allows {@code permission}
   */
  public void require(Permission permission) {
    if (!role.allows(permission)) {
      throw new AccessDeniedException(role, permission);
    }
  }

  /** The audit actor string, {@code user:NAME}. */
  public String actor() {
    return "user:" + name;
  }
}
