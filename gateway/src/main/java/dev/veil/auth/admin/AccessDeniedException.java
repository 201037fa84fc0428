package dev.veil.auth.admin;

/** The signed-in user's role does not allow the action. */
public final class AccessDeniedException extends RuntimeException {

  public AccessDeniedException(Role role, Permission permission) {
    super("role " + role.wireName() + " does not allow " + permission);
  }
}
