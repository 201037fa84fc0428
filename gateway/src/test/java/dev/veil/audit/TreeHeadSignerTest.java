package dev.veil.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeHeadSignerTest {

  @TempDir Path dir;

  @Test
  void keyIsCreatedOnceOwnerOnlyAndReloadedUnchanged() throws Exception {
    TreeHeadSigner first = new TreeHeadSigner(new FileSigningKeySource(dir));
    TreeHeadSigner second = new TreeHeadSigner(new FileSigningKeySource(dir));
    assertThat(second.publicKeyPem()).isEqualTo(first.publicKeyPem());
    assertThat(Files.readString(dir.resolve(FileSigningKeySource.PUBLIC_FILE)))
        .isEqualTo(first.publicKeyPem());
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertThat(Files.getPosixFilePermissions(dir.resolve(FileSigningKeySource.PRIVATE_FILE)))
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
  }

  @Test
  void signatureCoversSizeTimestampAndRoot() {
    TreeHeadSigner signer = new TreeHeadSigner(new FileSigningKeySource(dir));
    byte[] root = new MerkleHash().leaf(new byte[] {1});
    SignedTreeHead head = signer.sign(7, 1000, root);
    assertThat(TreeHeadSigner.verify(head, signer.publicKey())).isTrue();
    assertThat(TreeHeadSigner.verify(
            new SignedTreeHead(8, 1000, head.rootHash(), head.signature(), head.keyId()),
            signer.publicKey()))
        .isFalse();
    assertThat(TreeHeadSigner.verify(
            new SignedTreeHead(7, 1001, head.rootHash(), head.signature(), head.keyId()),
            signer.publicKey()))
        .isFalse();
    assertThat(TreeHeadSigner.message(7, 1000, root)).hasSize(65);
  }
}
