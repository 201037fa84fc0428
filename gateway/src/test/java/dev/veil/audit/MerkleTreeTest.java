package dev.veil.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9162 hashing and proofs, checked against the published Certificate Transparency vectors. */
class MerkleTreeTest {

  private static final HexFormat HEX = HexFormat.of();
  private final MerkleHash hash = new MerkleHash();

  /** The eight leaf inputs of the Certificate Transparency reference tests. */
  private static final String[] CT_INPUTS = {
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
    "606162636465666768696a6b6c6d6e6f"
  };

  /** Published tree heads for sizes 0 to 8 over those inputs. */
  private static final String[] CT_ROOTS = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
  };

  private byte[] leaves() {
    byte[] flat = new byte[CT_INPUTS.length * MerkleHash.SIZE];
    for (int i = 0; i < CT_INPUTS.length; i++) {
      System.arraycopy(hash.leaf(HEX.parseHex(CT_INPUTS[i])), 0, flat, i * 32, 32);
    }
    return flat;
  }

  private static List<byte[]> hashes(String... hex) {
    List<byte[]> out = new ArrayList<>();
    for (String h : hex) {
      out.add(HEX.parseHex(h));
    }
    return out;
  }

  private static List<String> hex(List<byte[]> hashes) {
    return hashes.stream().map(MerkleHash::hex).toList();
  }

  private byte[] leafHash(byte[] leaves, int index) {
    byte[] out = new byte[32];
    System.arraycopy(leaves, index * 32, out, 0, 32);
    return out;
  }

  @Test
  void treeHeadsMatchThePublishedVectorsForEverySize() {
    byte[] leaves = leaves();
    MerkleFrontier frontier = MerkleFrontier.empty();
    assertThat(MerkleHash.hex(frontier.root(hash))).isEqualTo(CT_ROOTS[0]);
    for (int n = 1; n <= 8; n++) {
      frontier.append(hash, leafHash(leaves, n - 1));
      assertThat(MerkleHash.hex(frontier.root(hash))).as("size %d", n).isEqualTo(CT_ROOTS[n]);
      assertThat(MerkleHash.hex(MerkleProofs.root(hash, leaves, n))).isEqualTo(CT_ROOTS[n]);
    }
  }

  @Test
  void frontierSurvivesEncodingAndKeepsAppending() {
    byte[] leaves = leaves();
    MerkleFrontier frontier = MerkleFrontier.empty();
    for (int n = 0; n < 8; n++) {
      frontier = MerkleFrontier.decode(frontier.size(), frontier.encode());
      frontier.append(hash, leafHash(leaves, n));
    }
    assertThat(MerkleHash.hex(frontier.root(hash))).isEqualTo(CT_ROOTS[8]);
  }

  @Test
  void inclusionProofsMatchThePublishedVectors() {
    byte[] leaves = leaves();
    assertThat(MerkleProofs.inclusionPath(hash, leaves, 0, 1)).isEmpty();
    assertThat(hex(MerkleProofs.inclusionPath(hash, leaves, 0, 8)))
        .containsExactly(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    assertThat(hex(MerkleProofs.inclusionPath(hash, leaves, 5, 8)))
        .containsExactly(
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    assertThat(hex(MerkleProofs.inclusionPath(hash, leaves, 2, 3)))
        .containsExactly("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
    assertThat(hex(MerkleProofs.inclusionPath(hash, leaves, 1, 5)))
        .containsExactly(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
  }

  @Test
  void consistencyProofsMatchThePublishedVectors() {
    byte[] leaves = leaves();
    assertThat(MerkleProofs.consistencyPath(hash, leaves, 1, 1)).isEmpty();
    assertThat(hex(MerkleProofs.consistencyPath(hash, leaves, 1, 8)))
        .containsExactly(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    assertThat(hex(MerkleProofs.consistencyPath(hash, leaves, 6, 8)))
        .containsExactly(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    assertThat(hex(MerkleProofs.consistencyPath(hash, leaves, 2, 5)))
        .containsExactly(
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
  }

  @Test
  void subtreesReportedByAppendsGiveTheSameProofsAsTheLeaves() {
    int max = 37;
    byte[] leaves = new byte[max * 32];
    java.util.Map<String, byte[]> nodes = new java.util.HashMap<>();
    MerkleFrontier frontier = MerkleFrontier.empty();
    for (int i = 0; i < max; i++) {
      byte[] leaf = hash.leaf(new byte[] {(byte) i, 3});
      System.arraycopy(leaf, 0, leaves, i * 32, 32);
      nodes.put("0/" + i, leaf);
      frontier.append(hash, leaf, (level, index, h) -> nodes.put(level + "/" + index, h));
    }
    MerkleProofs.PerfectSubtrees stored = (level, index) -> nodes.get(level + "/" + index);
    for (int size = 1; size <= max; size++) {
      assertThat(MerkleProofs.root(hash, stored, size))
          .isEqualTo(MerkleProofs.root(hash, leaves, size));
      for (int m = 0; m < size; m++) {
        assertThat(hex(MerkleProofs.inclusionPath(hash, stored, m, size)))
            .isEqualTo(hex(MerkleProofs.inclusionPath(hash, leaves, m, size)));
        assertThat(hex(MerkleProofs.consistencyPath(hash, stored, m, size)))
            .isEqualTo(hex(MerkleProofs.consistencyPath(hash, leaves, m, size)));
      }
    }
  }

  @Test
  void everyInclusionProofVerifiesAndAnyChangeBreaksIt() {
    int max = 40;
    byte[] leaves = new byte[max * 32];
    for (int i = 0; i < max; i++) {
      System.arraycopy(hash.leaf(new byte[] {(byte) i, (byte) (i * 7)}), 0, leaves, i * 32, 32);
    }
    for (int size = 1; size <= max; size++) {
      byte[] root = MerkleProofs.root(hash, leaves, size);
      for (int index = 0; index < size; index++) {
        List<byte[]> path = MerkleProofs.inclusionPath(hash, leaves, index, size);
        byte[] leaf = leafHash(leaves, index);
        assertThat(MerkleProofs.verifyInclusion(hash, index, size, leaf, path, root)).isTrue();
        byte[] wrongLeaf = leafHash(leaves, (index + 1) % max);
        assertThat(MerkleProofs.verifyInclusion(hash, index, size, wrongLeaf, path, root)).isFalse();
        if (!path.isEmpty()) {
          List<byte[]> bent = new ArrayList<>(path);
          bent.set(0, root);
          assertThat(MerkleProofs.verifyInclusion(hash, index, size, leaf, bent, root)).isFalse();
          assertThat(
                  MerkleProofs.verifyInclusion(
                      hash, index, size, leaf, path.subList(0, path.size() - 1), root))
              .isFalse();
        }
      }
    }
  }

  @Test
  void everyConsistencyProofVerifiesAndAnyChangeBreaksIt() {
    int max = 40;
    byte[] leaves = new byte[max * 32];
    for (int i = 0; i < max; i++) {
      System.arraycopy(hash.leaf(new byte[] {(byte) i}), 0, leaves, i * 32, 32);
    }
    for (int second = 1; second <= max; second++) {
      byte[] secondRoot = MerkleProofs.root(hash, leaves, second);
      for (int first = 1; first <= second; first++) {
        byte[] firstRoot = MerkleProofs.root(hash, leaves, first);
        List<byte[]> path = MerkleProofs.consistencyPath(hash, leaves, first, second);
        assertThat(
                MerkleProofs.verifyConsistency(hash, first, second, firstRoot, secondRoot, path))
            .as("%d -> %d", first, second)
            .isTrue();
        if (first < second) {
          assertThat(
                  MerkleProofs.verifyConsistency(hash, first, second, secondRoot, secondRoot, path))
              .isFalse();
          List<byte[]> bent = new ArrayList<>(path);
          bent.set(bent.size() - 1, firstRoot);
          assertThat(
                  MerkleProofs.verifyConsistency(hash, first, second, firstRoot, secondRoot, bent))
              .isFalse();
        }
      }
    }
  }

  @Test
  void verifierAcceptsThePublishedConsistencyProofAgainstPublishedRoots() {
    List<byte[]> path =
        hashes(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    assertThat(
            MerkleProofs.verifyConsistency(
                hash, 6, 8, HEX.parseHex(CT_ROOTS[6]), HEX.parseHex(CT_ROOTS[8]), path))
        .isTrue();
    assertThat(
            MerkleProofs.verifyConsistency(
                hash, 6, 8, HEX.parseHex(CT_ROOTS[5]), HEX.parseHex(CT_ROOTS[8]), path))
        .isFalse();
  }
}
