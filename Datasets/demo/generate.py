#!/usr/bin/env python3
"""Generate civic's SYNTHETIC demo layer (standard library only, Python 3.11).

The demo layer fills the gaps that no real file in Datasets/ covers: Birmingham
City Council's own payments, Birmingham schools, academies and academy trusts,
their governors and trustees, youth centres, children's centres, magistrates
and NHS board members.  Everything written here is invented; the loader labels
it synthetic.  Real files are only read, never written.

Usage
  python3 Datasets/demo/generate.py                  # write Datasets/demo/*.csv
  python3 Datasets/demo/generate.py --out DIR        # write into DIR
  python3 Datasets/demo/generate.py --check          # regenerate in a temp dir and
                                                     # compare with Datasets/demo/
  python3 Datasets/demo/generate.py --scale national --out DIR [--payments N]

Determinism: every random draw comes from random.Random instances seeded from
SEED and a fixed section label (string seeds are hashed with SHA-512 by the
random module, not with hash()).  Nothing iterates an unsorted set or uses
floating-point transcendental functions for output values, so the output is
byte-identical across runs and machines.

Birmingham (default): 450 institutions in the 69 real wards (every ward has at
least 2 schools/academies and a youth centre), about 3,500 offices held by
2,988 people (about 12% hold two or more), 30,000 payments in 2022/23-2024/25
by Birmingham City Council (ons:E08000025, ~70%) and the demo institutions.

National (--scale national): 36,285 institutions over all 8,887 UK wards
(academies and trusts in England only), exactly 401,445 people holding about
454,000 offices (boards are wider than in Birmingham to reach that number; all
open NHS trusts of the ODS file and all 241 magistrates' courts are used), and
N payments (default 5,000,000) by demo institutions only, streamed to disk
day by day.  Names may repeat there, never a real person's.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import filecmp
import hashlib
import re
import sys
import tempfile
import time
from array import array
from pathlib import Path

SEED = 20261123

DEMO_DIR = Path(__file__).resolve().parent
DATASETS = DEMO_DIR.parent

OUTPUT_FILES = ("demo_institutions.csv", "demo_roles.csv", "demo_payments.csv")

INSTITUTION_COLUMNS = ["code", "name", "kind", "subkind", "ward_code", "parent_code", "opened"]
ROLE_COLUMNS = ["person_id", "name", "institution", "role", "ward_code", "start_date", "end_date"]
PAYMENT_COLUMNS = ["payer", "date", "supplier", "amount", "category_code", "expense_text",
                   "transaction_ref"]

BIRMINGHAM_LAD = "E08000025"
BIRMINGHAM_COUNCIL_REF = "ons:E08000025"
BROMFORD_WARD = "E05011131"  # Bromford & Hodge Hill
BIRMINGHAM_NHS_TRUSTS = ("RRK", "RR1", "RQ3", "RLU", "RRJ", "RXK", "RXT", "RYW")
BIRMINGHAM_MAGISTRATES_COURT = "58"
REDACTED = "REDACTED PERSONAL DATA"

FY_START = dt.date(2022, 4, 1)
FY_END = dt.date(2025, 3, 31)
ROLE_START_MIN = dt.date(2015, 1, 1).toordinal()
ROLE_START_MAX = dt.date(2024, 12, 31).toordinal()
ROLE_END_MAX = dt.date(2025, 12, 30).toordinal()  # strictly before 2025-12-31


# SHA-256 digests (first 12 hex digits) of the lower-cased full names, and "first last"
# forms, of the 615 real candidates in Democracy Club's Birmingham 2026 candidate list
# (birmingham_2026_candidates_democracyclub.csv, described in PROVENANCE.md).  That file is
# read as well when it is present in Datasets/; the digests keep synthetic names clear of
# those real people, and the output identical, whether or not it is.
KNOWN_REAL_NAME_DIGESTS = frozenset("""
0033ea99ec3c 00b2609dd520 015ee3677146 0202ea8b88ec 02253c5d8224 02368626642c 0253f714b252
0253ff61b77f 032b977c154b 0370e682b04f 03f5df2999cf 041949be10c3 048cdb3f0700 04e823c6f5f9
0517b345b08f 05b67302f8fc 05f62b86605f 061e27216121 063ac6a341e5 06408f39c90d 06ab1abdd74b
06af365e1cc7 06fa50978a5f 079d6cbdb329 07b2f83409c7 0849f571055a 08ab54c772fe 08bb6da930bd
08fc6416b323 09244ed52e65 09544180aa25 099d1f0e9256 09b9879b9994 09c7c055e61d 09efe8c86b0a
0a2f4ce40755 0a9da0bf03c5 0ad5d6957148 0af1e251e98a 0bec258e149c 0c5ec55a3a75 0c978d6a890a
0d3d07d2b493 0ddb446e06d3 0dec05f61d2a 0e08bae2cef4 0eaeff16dd4f 0ee3793639e1 0f0a1a336149
0f5ce0def29a 0fac7e89d03d 0fcef161d0c8 0fecacca8d5f 100fec4faf73 10bac9d0a2fd 10cab13ccf40
116263ccf117 11cd42e1ab65 1242d13562ef 13558ed82997 13a735cce329 13b51accbf36 13d94904347d
14166c7bcf5d 141b6d0bda7a 1508325bb058 15523a866eab 1578e851eb66 15a744f8845f 15f8cc9445c9
160af3813af9 169458249d1a 16e8976f9675 16fd8f7b08d2 17876e247e18 1827acf79b99 1895331cb14a
18f0b5382ce4 192681bdbb62 1957833cafcb 196f9b085062 199a85ec3550 19aeb4509458 19eb23b47cb8
1a6674b2b132 1af966d7ecc5 1b3621a731ce 1b42befc7f8b 1b8cecb7d821 1bfad3810cf0 1c26c111751f
1c48549eda09 1c6e962972e7 1d34dfb5289b 1d8fb3f6bfdf 1d9b557f3a92 1e0d95b8fef8 1e2b5f9113dd
1e3bf0e46109 1e6b88925a3d 1e9b38573499 1f10f8f1cd6c 1f13b50e4342 1f2475654e21 1f43fd914540
1fe1f447713c 20262c62304e 204a0cc17d0c 2067eb1c6575 20a369286906 20ed8ff70cc5 20f2874bd87c
2153075144c5 215f1dea5963 216e817fcb26 21bf2e429db4 224a53968a2f 226f833fb44b 22ff98153f50
2307f10dbaee 236d8879db3f 237315e73ebf 2514ba3771ea 25778c10ba3c 25a937ccbee3 25abde44a5a8
25b481eacde4 25bab669319b 26b80e14dabf 26ff7fde2a26 273acac69e21 27902c9f63c1 2851b615d5e3
29d96d9c26c6 29da2805258a 2a0c724a4c55 2aaefed8ec71 2adf98bbfe76 2adfdefbc605 2b1c912b0c5c
2b523e7ebcb3 2b7a0b690c94 2bafb821c021 2bb530aa9998 2c36f4b9d9de 2cbdc0e40853 2cca4c33490a
2ce72d5621af 2d59bfc90685 2e2a6710b5d5 2e6cacfe1200 2f6f7ce793d1 2fcfd7cdb397 2ff264f8c544
30855e28d429 30a6b541db27 30db0e1841e6 30fe972c2a89 31816db5e4df 3193670d815b 31a3c1704c14
31c8008e2899 3238a52246d0 325b6810ca3a 32af9a4cad4b 33b5860b7df0 33b783832a03 33ba82463bba
33db25b38e6d 35fc6e7be713 374fd97f9b2a 3771e7a43c77 378c7c1c5d26 37947fa5989c 387d8349485a
38baf8fc43ca 38f424edec75 390f23973665 391737a3ee84 3aacf61c60be 3aaee34f21e8 3b81df15491a
3ba096a0a400 3c01ceca8a21 3c1dfc69640a 3c2ef6a01ab5 3c853dd85a3c 3cb79a408647 3d302e342976
3d5ce9d3e43e 3d736941a242 3d8380420a98 3e7e3d926fb2 3e8ee539dbb4 3f1c7c96a885 3f602b0b99b3
3fa505664cba 4073d89f8ead 409251e618ef 409e05eea98c 40a047ef6cbd 415f10d3708b 41b4ee3f71f4
4213fecc3d18 42713e4770a8 42769fd51b9f 42d6b7f6154b 42f7f749fa90 4321019ddc2e 4378d812bd36
45281ccc1b8b 459ca871ab2d 4647cb2cfb42 468b5b3cffb0 46b4ce60c637 472b9bf675ee 48903761eb07
49dcee22205a 4a078782de93 4abe46dedf9d 4af6ab7fe311 4b0ccfca7487 4b2587eedee9 4b6a8a2345c9
4bffd3af05b1 4c6c5a0eadb0 4e326041fcd5 4e47ec1d8e1d 4e613f692d05 4e6676df5bd5 4ef9e26f94cf
4fbc0c113f3f 4fe46cde87ea 5008fdeff45a 50754dc56978 508c7214697e 514c53a849dd 519c93e1b64a
51abcf2daf2b 520635500426 5314c73912c9 535064479856 53cbad26c699 53e4b93bec62 53f5d20f7104
54a7ae67008f 553f9bfd0254 55506ab2d36c 5568b12bb028 55f0ea01b1a5 56017eda4ece 5639d3ac2fe9
5647127e1d27 56d7863be1c4 56f88b9fd599 570b7489ec42 57ac9de723a3 5827ca9c9735 5831c4965f6f
5a5b3fc488a6 5a638f45a94d 5a72b45580fc 5a844c285666 5b5a9541bffd 5bb01c340762 5bea5648ce63
5c2d2da3f861 5c2d3e36deb9 5c5e43eaa36f 5c7d54520e11 5cfaad161577 5d1c56117f23 5d2e17dc97bd
5d5389cf86c4 5db693d96318 5de316288668 5de73cf4419b 5df9fe8ef404 5e26640033ea 5ecdec6f934b
5f2d18719252 5fe809312ddb 600ab3f8e92a 600ce178ba83 60da2ca7240f 6127c7915cf0 6178a03eb492
61a60b069919 61d22c867ddf 61ee65409896 6208bbb27cee 6233ea204f8c 62bb850af0e7 638b7513a0a1
63a3b358e727 63cb386ad638 640aebccbec6 640ee61d12b2 64125bb40e97 647d033b3014 648e3b021986
65b04ab69bde 65c280fe83ba 65fe0449a293 666ec150f1db 6698f104595b 6703b483ead3 6718fec83730
6764a8545ac0 677cad545097 67b8f26be065 67d640c4135f 681cff5d8b61 68ec2697cbb9 69214c3d25c3
693c8b766bf0 69a50148cd55 6a82c1ee259e 6ad0ca899c21 6b159a19c8d4 6b3de21b3d72 6b3eb4b692e8
6b41a516dc3c 6b4756172189 6b57a4311e46 6b7d1da26ff6 6b8211356283 6b831c3ed12d 6b84813debc0
6bb21840b347 6bc91f74fb2a 6bf3bd608b23 6c2822cbd3c1 6c373631fda7 6c7fc63b3709 6d6e6dd0fe7e
6d9b9b4a7b1e 6df02dfcb0c9 6e1aba66bbd6 6e59a9cd82da 703781eebf48 707b92856547 7097ed45ce79
70bf5be89384 70cad8b83d0e 70eed446f050 710526a7357a 715f935cc196 716b6551f612 71be8f791b66
726110c13b82 7340c9ad7b11 73575de3d4ab 73644819304a 7426de84aef9 743b5fe46e17 7475a1b9d6ae
74ee2e643590 75c24d76d1e9 76d69b24fece 77852adf9a57 77ba8904b37d 78606be04a28 7906552a04f3
7925eb622e89 7985f5f8b607 7a2739727c9b 7a50814fe621 7a5610fc52a1 7aa20eaa3ffe 7ad3f03f6c87
7b0b872d6d9a 7c0c2b1127f2 7c17b96a906a 7cf8cf1defd6 7d177593edd1 7d2e9736b772 7db7cd840f40
7dc239872e54 7e583a6061b8 7e6dba8980d3 7e72b91e0300 7ea04f5c9712 7f04ff1d2fe5 7f432b4e31f1
7f606ec90d65 7f88217bff45 803d38ce81ca 807b7d6d2128 80b16e1071ed 80b18f46de61 80b3f458a0b4
81657d8a2814 822b71300114 829125f43f3a 82d922a58f9e 83181896e652 8327e4a36bf1 838ee2cba396
83bbcbc91d56 83c1e1803c22 8419b94251ff 8489b3ecba07 849811ed2762 849ed69a385b 850251462b5a
85c0b1f69a53 85eb4ebb80bf 8638a5a13f9d 8682dca3940a 86be9522755f 87f052b6a867 88078ac372c0
886e4cc67b5e 88bebf6a2c7c 88e3c18f1d7c 88e40fe69cd4 88e6735b3ab4 88ef65c72321 895c5a3e01fc
8971cc5d152c 89b5856b0759 8a16f696645f 8a78fcee273f 8aa01588a1e7 8af5462cc0ed 8b0997ea6a87
8b3905be4210 8b74410d9d70 8c41f6bec210 8c7cc19c8730 8cd4f3593a07 8d361b5a87ae 8d74605f923b
8dcd620bdd2d 8e204a0abd12 8e2d6a11dcb2 8e798e449f98 8eb246efe9d4 8ede95a2b843 8f054af0fdab
8f17874b0069 8f2d39c89567 8f3867847997 8f5449acaa45 8ff8b5d95817 902e21587dd4 905b0ae62ef2
90a6735e98c5 90afba71bd99 90b25135b158 90cbda2bc10b 914efdcafc07 915900e6c1c2 916ea5b56ff4
91deef1a18e2 92ef1768c49e 934ab8287306 934c4c0efd82 93c366cf05d4 93d23af8dc45 9422b2147ba6
9469093a8d5f 9470a03ff94d 955521edd0e3 956b1ac97acb 95dc6bcf3fe3 962e484136c4 96439726d4b7
966f4586bfa3 967d3f81d45b 972deda7f1ce 976fcaa69b5b 9868313cdb9f 98f40d51545c 992f86486991
994653c28ede 99558a7f4e59 99593a3ea650 99eb5862b7ea 9a48bf4931cb 9a533f21f153 9abc70b91515
9cd0adcb0294 9cf755391569 9d3328c0a59c 9de7d455373b 9e21d3ec2c0a 9e2cc8f2fb17 9e3f08595ae4
9ed205c64892 9ed8d5a29a25 9eee73fe0088 9f98ceae0932 9fb097cb33b7 a020794e3853 a0b4087692fb
a0c5ff623899 a1688a6e4d19 a1716a120d0c a1781f47b55d a195ba63b6c2 a19736059c1c a2405360123d
a2ad0cc644a8 a2aff67f3f70 a2dc6db38684 a3cf4bff4659 a46424e00a0b a4ac1d48c237 a4c6a5c6812d
a4daea5332a2 a4dc610bf3e0 a54cecea6e49 a57d61c0c6bb a5c05d544a41 a5c6e52cac26 a5c7aa33c0c2
a613b0f83285 a65799088547 a692013be757 a6a8dde00b2e a6c603bdb9e0 a6d41b02a74d a6f84051aa0d
a725921e3086 a7a7df292475 a7e8e8641bd2 a8089ea9089b a832298fe01b a87f17deb352 a89ab0fa9342
a8a314749fda a8d0d42c9066 a91f5fbe1206 a9631fcf3430 a99bedc397b1 a9a5ab4a4b36 a9cdbb3364dc
aa33afbbd61d aa5f9e006c05 ab12c57b0d92 ab3fe1b6d7a6 ab4358a8656e ab93adc27930 ab962b2f07b6
aba74c05ef81 abcb8b3e38e7 abd0c69a58bb ac5d41b29062 ac71057f6232 acf5e169ad87 ad2a45075448
ad4c57f9b10c ae8cdb24c4b9 aea3faccea19 af09490aa3a3 af814de5864c b00f2353d7ae b063eacc2045
b07cd439bbbc b097827e221f b09a41aa0bcf b1070cd44179 b11d983f75b8 b148d919d166 b14e783d7abd
b1f36101ba1b b22ef2aad095 b23d6bf172a7 b2ab6f582c3b b32024ef493e b3460b3f537e b374770c91d1
b3f13750a020 b4200814c951 b459ad9e1c0c b4d200b067a9 b50eb480bd9c b51258103131 b568fcfec1e0
b585fd986520 b5981e4d6502 b6f11ce4729a b78022ff3070 b7bcf45ed824 b7c69316c7ea b7debc509f93
b81c325df153 b851aec94943 b8d9d7413af9 b9244bb3b11e b97a9f44e990 b9ba9b992908 b9e393b79612
ba12bd7ada38 ba4325f468f9 ba65748ea676 ba73457ef943 ba98dec0cfdd bad28f1ca63c bbb170ba509f
bc3036e00513 bc403917238e bc7bcef86aa7 bc91f12f1a0e bcd96dd0043e be045530c318 c0166aeed065
c035e1dea403 c05cc3e43911 c128c5b13a46 c13d48a7db94 c1449957f063 c14e54a591ed c15990240c7f
c2dff26947bb c300201392e9 c325ed966f83 c388e0776d43 c3ce7d267ce8 c4371db8991a c49fef994b66
c522c7bae5a3 c54792499bc0 c54bfbb2ff02 c59393f11f4d c5dea3336b94 c6348e951bb8 c6cfb21957f1
c6e15939fb5d c6fcb2ce4f74 c784494f1d68 c78ee3f6e509 c85993ea92ff c85ecd4f8775 c8942cfe608b
c8f2e44e371d c915637d9700 c91d5327f484 c95c92b4bfb1 c964332232af c975798c1b14 c9aec7ccdf6e
cad64f8d9acc cb235c94808b cb6fafa5cd06 cc3a8c36b41b ccae8b94eb6a cd2935059568 cdab90eeadf1
cdb9438d8e34 cdce2596fca7 ce5056cda53e cee17591f6db cf2418971f6a cf4808700ccb cf550c5d8eef
cf7e6d88ef0e cfb1ce8a4095 cfdf186725b1 d04f817e756b d0929e5c459f d1607964c900 d1b1f2119022
d1b961984cf3 d24d42e003cb d27189cad512 d28d949773b8 d2d3cdeca0d4 d3806962961e d3f213dede8a
d3f6c8d6ce6e d42eeed2d19a d4615e621143 d470d7c75f6a d486f5bcba69 d48933bb6218 d523745b112e
d52a89ba3ee9 d5c36089dd2c d5ec1f77e9b1 d63f729bccec d6817c6079ed d6c9cbb81b50 d6fd3181ea29
d7208f052816 d72f06554ef9 d73354b02bd8 d797442dcef7 d7b28268467e d7d38de58c9e d81f6c067616
d8766433cc65 d8decfd72499 d909d62a451e d93e17d8fc61 d9ef59f85148 db88a8f6b15a db9d31f496d3
dbfb94131439 dca58c747226 dd09f0ac3721 ddd1dbb9b63e dde1be57ee98 de1d67a6f28e de3e4ac6c8c0
de57b8cddd49 de7b2bb90929 deb197d4c3aa deb73975035f df0764a556bc df575b7a13f5 e0494b0a190f
e06f1227189f e0e292c267ae e0f9e8576cf7 e129e5dbd042 e1a07f33c093 e27c8f571bcf e29564514fa4
e29e9628cf60 e3313839b635 e36ea12870df e38653a8038a e3a48a6ade62 e404d1bdfcd6 e40a4564f826
e4a7a5ad2ccf e4b3bec41e71 e5e8e5f8cbe6 e6462d7f6e18 e6509e76de32 e69dcdfef10a e6bb1e2e3956
e6ef55ea6fb9 e74c469f8144 e7d97170b3cd e7f631e8fbf8 e7f84887ca88 e8295c376c93 e85736c97bc5
e88022107b20 e88631f7b931 e8bdad1e5196 e8d8acb88dcf e8f2980aba2a e95f1f894bbd e97493588020
e99c9cc1f47d e9d3f783d8a0 ea2268a754e5 ea2805f7aef4 ea3099779ed8 ea49f3d75f78 ea5b01282ad0
ea7aa6c996d4 eacb728ad920 eb1f352d2dae eb31ace5d07f eb39433a2f53 ec0d1da872b0 ec4129077045
ecf2dd99e593 ed07aeaa30c4 ed42ee19815a ed4922bc71e8 ed7037b066ed ed77b4a6c9fb eddae6db3b1f
edfac2850b17 ee00c74434da ee8d2e57dd1f eef67fc1911c f042bcb2e5c0 f07e4d220206 f07fd0285d77
f0864be99dba f0a057221c8f f0aac47ab76f f0b14002ed6d f0bc7daed890 f0c29aa58c81 f1176f30fe18
f171517fd149 f1d1371010d3 f2d6c3af4685 f327b92dceeb f36909b5e0ae f370587deef4 f3c3183aceca
f4a37bd43925 f5065842027f f536e0fa4298 f54252f2b460 f54da3bbd496 f5e1cb39f92d f633c28c5acc
f6569e3ffad2 f68a1770de57 f694ada9ffb7 f74bcd8e4f7d f7e37842a660 f7f1cc66ab00 f814cb8cb178
f87322412e8d f88e19dc314b f8fb14c38359 f92ffb999851 f99f741691cb f9f241943544 fa11bae6202f
fa9dfc067cce faf6e0cc9c11 fb428c778336 fbd92d2774ff fbf8169b409c fc6dc0bd31e1 fc9d53996a59
fd446e385d87 fdb8d327cb2a fe372ba2c52a fecabb7c343b fee14e4d0bf8 ff6ba5670925
""".split())


class Config:
    """Sizes and ranges for one scale."""

    def __init__(self, scale: str, payments: int | None):
        self.scale = scale
        if scale == "birmingham":
            self.n_schools_academies = 300
            self.n_academies = 120
            self.n_trusts = 25
            self.n_youth_extra = 6          # 69 wards x 1, plus extra ones (Bromford gets one)
            self.n_children = 50
            self.n_institutions = None      # follows from the above
            self.n_people = None            # roles / 1.16
            self.governors = (6, 12)
            self.trust_trustees = (5, 9)
            self.youth_trustees = (3, 5)
            self.board_members = (8, 12)
            self.magistrates_total = 120
            self.n_payments = 30000 if payments is None else payments
            self.council_share = 0.70
            self.supplier_factor = 1
            self.min_sa_per_ward = 2
            self.youth_per_ward = True
        else:
            # 36,285 institutions = 26,000 schools/academies + 2,200 trusts
            #                       + 3,700 youth centres + 4,385 children's centres
            self.n_schools_academies = 26000
            self.n_academies = 10400
            self.n_trusts = 2200
            self.n_youth = 3700
            self.n_children = 4385
            self.n_institutions = 36285
            self.n_people = 401445
            # Wider boards than Birmingham so that ~450,000 offices exist for 401,445 people.
            self.governors = (11, 19)
            self.trust_trustees = (5, 12)
            self.youth_trustees = (3, 8)
            self.board_members = (8, 12)
            self.magistrates_per_court = (20, 100)
            self.n_payments = 5_000_000 if payments is None else payments
            self.council_share = 0.0
            self.supplier_factor = 10
            self.min_sa_per_ward = 2
            self.youth_per_ward = False


# --------------------------------------------------------------------------- helpers

def rng_for(section: str):
    import random
    return random.Random(f"{SEED}:{section}")


def name_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def iso(ordinal: int | None) -> str:
    return "" if ordinal is None else dt.date.fromordinal(ordinal).isoformat()


def weighted_index(rng, cum, total):
    return bisect.bisect_right(cum, int(rng.random() * total))


def cumulate(weights):
    cum, t = [], 0
    for w in weights:
        t += w
        cum.append(t)
    return cum, t


def open_csv(path: Path):
    f = open(path, "w", newline="", encoding="utf-8")
    return f, csv.writer(f, lineterminator="\n")


# --------------------------------------------------------------------------- real inputs

def read_csv_rows(name: str):
    with open(DATASETS / name, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def load_wards(scale: str):
    """[(ward_code, ward_name, lad_code, lad_name)], Birmingham's 69 or all UK wards."""
    rows = read_csv_rows("ons_ward_to_lad_county_region_country_dec2019_uk.csv")
    wards = {}
    for r in rows:
        if scale == "birmingham" and r["LAD19CD"] != BIRMINGHAM_LAD:
            continue
        wards[r["WD19CD"]] = (r["WD19CD"], r["WD19NM"].strip(), r["LAD19CD"], r["LAD19NM"].strip())
    out = sorted(wards.values(), key=lambda w: (w[2], w[0]))
    expected = 69 if scale == "birmingham" else 8887
    if len(out) != expected:
        raise SystemExit(f"expected {expected} wards, found {len(out)}")
    if scale == "birmingham" and BROMFORD_WARD not in wards:
        raise SystemExit("ward E05011131 missing")
    return out


def load_service_lines():
    """{code: description} of the NON-total RS lines."""
    lines = {}
    for r in read_csv_rows("mhclg_RS_line_codes_2017-18.csv"):
        desc = r["line_description"].strip()
        up = desc.upper()
        if up.startswith("TOTAL") or up.startswith("SUB-TOTAL") or desc == up:
            continue  # totals and other all-capitals aggregate lines
        lines[int(r["line_code"])] = desc
    return lines


def load_real_person_keys():
    """Lower-cased full names (and first+last forms) of every real person we know of."""
    names = []
    for r in read_csv_rows("birmingham_councillors_elected_2026.csv"):
        names += [r.get("name", ""), r.get("name_on_ballot", "")]
    for r in read_csv_rows("sutton_coldfield_town_council_councillors_committees_2018.csv"):
        names.append(r.get("Name", "").split(" - ")[0])
    optional = [
        ("sutton_coldfield_town_council_election_results_2018.csv", None),
        ("birmingham_2026_candidates_democracyclub.csv", "name"),
    ]
    for fname, col in optional:
        if not (DATASETS / fname).exists():
            continue
        for r in read_csv_rows(fname):
            if col:
                names.append(r.get(col, ""))
            else:  # "Surname Forenames" plus a Surname column
                raw, surname = r.get("Name", ""), r.get("Surname", "")
                names.append(raw)
                if surname and raw.startswith(surname):
                    names.append(raw[len(surname):].strip() + " " + surname)
    keys = set()
    for n in names:
        toks = re.sub(r"\s+", " ", n).strip().lower().split(" ")
        toks = [t for t in toks if t]
        if len(toks) >= 2:
            keys.add(" ".join(toks))
            keys.add(toks[0] + " " + toks[-1])
    return keys


def load_nhs_trusts(scale: str):
    with open(DATASETS / "nhs_ods_etr_trusts_england.csv", newline="", encoding="utf-8-sig") as f:
        rows = [r for r in csv.reader(f) if r]
    open_codes = sorted({r[0].strip() for r in rows if len(r) < 12 or not r[11].strip()})
    if scale == "birmingham":
        missing = [c for c in BIRMINGHAM_NHS_TRUSTS if c not in open_codes]
        if missing:
            raise SystemExit(f"NHS trusts missing from ODS file: {missing}")
        return list(BIRMINGHAM_NHS_TRUSTS)
    return open_codes


def load_magistrates_courts(scale: str):
    rows = read_csv_rows("hmcts_courts_2013_england_wales.csv")
    mags = sorted((r["court_id"].strip() for r in rows
                   if r["court_type_desc"].strip() == "Magistrates' Court"), key=int)
    if scale == "birmingham":
        if BIRMINGHAM_MAGISTRATES_COURT not in mags:
            raise SystemExit("Birmingham Magistrates' Court (court_id 58) not found")
        return [BIRMINGHAM_MAGISTRATES_COURT]
    return mags


# --------------------------------------------------------------------------- word lists

DIRECTIONS = {"North", "South", "East", "West", "Central", "Northeast", "Northwest",
              "Southeast", "Southwest", "Ward", "Upper", "Lower", "Inner", "Outer"}

FEATURES = ["Park", "Green", "Lane", "Road", "Grove", "Fields", "Meadow", "Brook", "Oak",
            "Willow", "Heath", "Vale", "Croft", "Wood", "Mill", "Bridge", "Farm", "Manor",
            "Hall", "Gate", "Common", "Cross", "Rise", "Valley", "Church", "Hill", "Meadows",
            "Orchard", "Elms", "Grange"]

NAME_PATTERNS = {
    ("school", "primary"): [("{P} Primary School", 10), ("{P} {F} Primary School", 6),
                            ("{P} Junior and Infant School", 2), ("{P} Community Primary School", 2),
                            ("{P} Nursery and Primary School", 1)],
    ("school", "secondary"): [("{P} School", 4), ("{P} High School", 4),
                              ("{P} Community School", 2), ("{P} {F} School", 3),
                              ("{P} Secondary School", 2)],
    ("school", "special"): [("{P} Special School", 5), ("{P} {F} Special School", 4)],
    ("academy", "primary"): [("{P} Primary Academy", 8), ("{P} {F} Primary Academy", 6),
                             ("{P} Junior Academy", 1)],
    ("academy", "secondary"): [("{P} Academy", 8), ("{P} {F} Academy", 5),
                               ("{P} Secondary Academy", 2)],
    ("academy", "special"): [("{P} Special Academy", 5), ("{P} {F} Special Academy", 4)],
    ("youth centre", ""): [("{P} Youth Centre", 8), ("{P} {F} Youth Centre", 4),
                           ("{P} Young People's Centre", 2)],
    ("children's centre", ""): [("{P} Children's Centre", 8), ("{P} {F} Children's Centre", 4),
                                ("{P} Sure Start Children's Centre", 2)],
}

TRUST_WORDS = ["Tame Valley", "Rea Valley", "Cole Valley", "Bourn Brook", "Lickey Hills",
               "Clent Hills", "Sarehole", "Cannon Hill", "Brindley", "Kingfisher", "Heron",
               "Skylark", "Three Rivers", "Canalside", "Millstream", "Oakleaf", "Beacon",
               "Horizon", "Compass", "Keystone", "Lighthouse", "Evergreen", "Rowan", "Hawthorn",
               "Silver Birch", "Meadowbrook", "Foxglove", "Bluebell", "Kestrel", "Greenway",
               "Riverside", "Forge", "Anvil", "Foundry", "Pathfinder", "Cornerstone", "Bridgeway",
               "Lantern", "Harmony", "Acorn", "Elmwood", "Ashgrove", "Copperleaf", "Redbrick",
               "Wildflower", "Larkspur", "Summit", "Meridian", "Waymark", "Northstar"]
TRUST_SUFFIXES = [("Academy Trust", 5), ("Learning Trust", 3), ("Multi-Academy Trust", 1),
                  ("Schools Trust", 1), ("Education Trust", 1)]

# People: (weight, first names, surnames), loosely after Birmingham's population.
NAME_GROUPS = [
    (52,
     ["Oliver", "George", "Harry", "Jack", "James", "William", "Thomas", "Daniel", "Matthew",
      "Christopher", "Andrew", "David", "Michael", "Paul", "Mark", "Richard", "Stephen", "Peter",
      "Robert", "Simon", "Gary", "Craig", "Lee", "Dean", "Wayne", "Kevin", "Ian", "Graham",
      "Neil", "Jonathan", "Sarah", "Emma", "Laura", "Rebecca", "Claire", "Nicola", "Rachel",
      "Helen", "Karen", "Julie", "Lisa", "Joanne", "Amanda", "Michelle", "Susan", "Margaret",
      "Patricia", "Elizabeth", "Catherine", "Charlotte", "Sophie", "Hannah", "Jessica", "Amy",
      "Lucy", "Chloe", "Katie", "Natalie", "Dawn", "Tracey", "Jacqueline", "Sian", "Bethany",
      "Eleanor", "Grace", "Olivia", "Ruth", "Jennifer", "Fiona", "Bridget"],
     ["Smith", "Jones", "Williams", "Taylor", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
      "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes",
      "Lewis", "Harris", "Clarke", "Jackson", "Turner", "Martin", "Cooper", "Hill", "Morris",
      "Moore", "Clark", "King", "Baker", "Harrison", "Morgan", "Allen", "Scott", "Phillips",
      "Watson", "Davis", "Parker", "Price", "Young", "Griffiths", "Mitchell", "Kelly", "Cook",
      "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards",
      "Marshall", "Simpson", "Ellis", "Adams", "Chapman", "Webb", "Rogers", "Gray", "Mason",
      "Fletcher", "Kennedy", "O'Brien", "Byrne", "Doyle", "Walsh", "Ryan", "Holmes", "Powell",
      "Lloyd", "Dixon", "Stevens", "Butler", "Fisher", "Barnes", "Knight", "Hopkins", "Preston",
      "Lowe", "Sutton", "Tranter", "Nicholls", "Whitehouse", "Bayliss", "Perry", "Russell"]),
    (22,
     ["Mohammed", "Muhammad", "Ahmed", "Ali", "Imran", "Tariq", "Asif", "Bilal", "Zain", "Hamza",
      "Yusuf", "Ibrahim", "Omar", "Adil", "Shahid", "Nadeem", "Rizwan", "Kamran", "Faisal",
      "Abdul", "Fatima", "Ayesha", "Aisha", "Zainab", "Maryam", "Sana", "Nadia", "Samina",
      "Rubina", "Shazia", "Nazia", "Farzana", "Yasmin", "Hafsa", "Amina", "Saima", "Rukhsana",
      "Shabana", "Tahira", "Noor"],
     ["Khan", "Hussain", "Ahmed", "Ali", "Akhtar", "Iqbal", "Mahmood", "Rashid", "Shah", "Begum",
      "Rahman", "Uddin", "Miah", "Islam", "Malik", "Aslam", "Butt", "Chaudhry", "Qureshi",
      "Siddiqui", "Bibi", "Javed", "Anwar", "Saleem", "Hanif", "Yousaf", "Ashraf", "Mirza",
      "Choudhury", "Karim"]),
    (9,
     ["Harpreet", "Gurpreet", "Jaswinder", "Manjit", "Sukhdev", "Rajinder", "Amarjit", "Baljit",
      "Kuldip", "Parminder", "Sanjay", "Rajesh", "Anil", "Vijay", "Priya", "Anita", "Sunita",
      "Neha", "Ravi", "Deepak", "Kiran", "Nisha", "Arjun", "Pooja", "Simran"],
     ["Singh", "Kaur", "Patel", "Sharma", "Kumar", "Gill", "Sandhu", "Sidhu", "Dhillon", "Bains",
      "Johal", "Sahota", "Mistry", "Chauhan", "Parmar", "Gupta", "Joshi", "Mehta", "Virdee",
      "Bassi", "Atwal", "Rai"]),
    (10,
     ["Kwame", "Kofi", "Chidi", "Emeka", "Oluwaseun", "Tunde", "Adebayo", "Femi", "Chinedu",
      "Abdi", "Amara", "Ngozi", "Chiamaka", "Folake", "Abena", "Efua", "Adaeze", "Marcia",
      "Delroy", "Winston", "Leroy", "Errol", "Carlton", "Beverley", "Jermaine", "Tyrone",
      "Shanice", "Kemi", "Yetunde", "Halima"],
     ["Okafor", "Adeyemi", "Mensah", "Boateng", "Owusu", "Okonkwo", "Nwosu", "Afolabi", "Eze",
      "Osei", "Asante", "Campbell", "Brown", "Francis", "Gordon", "Henry", "Samuels", "Grant",
      "Reid", "Farah", "Mohamed", "Hassan", "Abdullahi", "Bennett", "McKenzie", "Lindo",
      "Forbes"]),
    (3,
     ["Piotr", "Tomasz", "Katarzyna", "Agnieszka", "Marek", "Andrzej", "Anna", "Ewa", "Bogdan",
      "Ioana", "Mihai", "Elena"],
     ["Nowak", "Kowalski", "Wisniewski", "Lewandowski", "Zielinska", "Popescu", "Ionescu",
      "Kaminski", "Wojcik", "Dabrowski"]),
    (2,
     ["Wei", "Ming", "Jun", "Mei", "Xin", "Hui", "Ling", "Yan"],
     ["Chen", "Wang", "Zhang", "Liu", "Wong", "Chan", "Cheung", "Ng", "Lam", "Yeung"]),
    (2,
     ["Samir", "Nabil", "Layla", "Rania", "Khalid", "Hassan", "Mona", "Tariq"],
     ["Haddad", "Saleh", "Nasser", "Mansour", "Abdullah", "Al-Saadi"]),
]

SUPPLIER_PREFIXES = [
    "Brindleyplace", "Midland", "Midlands", "Tame Valley", "Rea Valley", "Digbeth",
    "Jewellery Quarter", "Gas Street", "Soho", "Moseley", "Edgbaston", "Selly Oak", "Kings Heath",
    "Sutton", "Erdington", "Aston", "Balsall", "Bournville", "Harborne", "Lickey", "Clent",
    "Arden", "Black Country", "West Midlands", "Heartlands", "Canalside", "Victoria",
    "Summer Lane", "Hockley", "Ladywood", "Saltley", "Washwood", "Sparkhill", "Handsworth",
    "Castle Vale", "Longbridge", "Northfield", "Quinton", "Kingstanding", "Lozells", "Nechells",
    "Sheldon", "Acocks Green", "Hall Green", "Yardley", "Perry Barr", "Witton", "Stirchley",
    "Cotteridge", "Small Heath", "Bordesley", "Deritend", "Highgate", "Central", "Premier",
    "Crown", "Oak", "Beacon", "Horizon", "Summit", "Pioneer", "Unity", "Bridge", "Brook",
    "Redwood", "Phoenix", "Apex", "Compass", "Keystone", "Hawthorn", "Willow", "Elm", "Cedar",
    "Sterling", "Regent", "Albion", "Vantage", "Meridian", "Northgate", "Eastside", "Westside",
    "Southside", "Greenway", "Clearview", "Brightside", "Silverline", "Anchor", "Kingfisher",
    "Lantern", "Foundry", "Forge", "Canal", "Millennium", "Cityside", "Metro", "Riverside",
    "Fort Dunlop", "Cole Valley", "Spring Hill", "Newhall", "Lodge Road", "Warstone",
]

LEGAL = {
    "co": [("Ltd", 5), ("Limited", 4), ("Group Ltd", 1), ("UK Ltd", 1)],
    "cic": [("CIC", 4), ("Community Interest Company", 1)],
    "llp": [("LLP", 1)],
    "none": [("", 1)],
}

# group -> (number of suppliers at factor 1, redaction rate per mille,
#           [(noun, legal form, [expense texts])], texts used with redacted payees)
GROUPS = {
    "education": (60, 8, [
        ("Educational Supplies", "co", ["Educational supplies", "Books and teaching materials",
                                        "Classroom resources"]),
        ("Learning Resources", "co", ["Classroom resources", "Books and teaching materials"]),
        ("Supply Teachers", "co", ["Supply teachers", "Agency teaching staff"]),
        ("Education Services", "co", ["SEN support services", "Educational psychology",
                                      "Professional fees"]),
        ("School Meals", "co", ["School meals", "Catering"]),
        ("Music Service", "cic", ["Music tuition"]),
        ("Sports Coaching", "co", ["Sports coaching", "PE equipment"]),
        ("Exam Services", "co", ["Exam fees"]),
        ("Tutoring", "co", ["Tuition services", "Tutoring"]),
        ("School Transport", "co", ["Home to school transport", "Transport"]),
        ("Grounds Maintenance", "co", ["Grounds maintenance"]),
        ("Educational Visits", "co", ["Educational visits", "Trips and visits"]),
    ], ["Professional fees", "Tuition services"]),
    "early_years": (25, 10, [
        ("Nursery", "co", ["Childcare places", "Nursery provision", "Early education funding"]),
        ("Childcare", "co", ["Childcare places", "Nursery provision"]),
        ("Play Equipment", "co", ["Play equipment", "Toys and resources"]),
        ("Family Support", "cic", ["Parenting programmes", "Family support services"]),
        ("Stay and Play", "cic", ["Stay and play sessions"]),
        ("Early Years Training", "co", ["Training", "Early years training"]),
        ("Health Visiting", "cic", ["Health visiting", "Baby clinics"]),
    ], ["Childminder payments", "Childcare places"]),
    "youth": (35, 10, [
        ("Youth Partnership", "cic", ["Youth work sessions", "Detached youth work",
                                      "Grants to voluntary organisations"]),
        ("Youth Trust", "none", ["Youth work sessions", "Grants to voluntary organisations",
                                 "Youth club activities"]),
        ("Youth Collective", "cic", ["Youth club activities", "Holiday activities programme"]),
        ("Detached Youth Project", "none", ["Detached youth work", "Outreach work"]),
        ("Young People's Network", "none", ["Youth work sessions", "Youth participation"]),
        ("Sports Foundation", "none", ["Sports coaching", "Holiday activities programme"]),
        ("Boxing Club", "cic", ["Sports coaching", "Youth club activities"]),
        ("Youth Theatre", "none", ["Arts activities", "Youth work sessions"]),
        ("Outdoor Education", "co", ["Residential trips", "Outdoor activities"]),
        ("Mentoring", "cic", ["Mentoring services"]),
        ("Youth Justice Services", "co", ["Youth justice services", "Reparation activities",
                                          "Mentoring services"]),
        ("Minibus Hire", "co", ["Transport hire", "Minibus hire"]),
        ("Music Studio", "cic", ["Music workshops"]),
    ], ["Sessional youth workers", "Volunteer expenses"]),
    "children_social": (35, 60, [
        ("Fostering", "co", ["Independent fostering agency", "Foster care placements"]),
        ("Children's Homes", "co", ["Residential care placements"]),
        ("Care Services", "co", ["Residential care placements", "Supported accommodation"]),
        ("Family Services", "cic", ["Family support services", "Contact supervision"]),
        ("Legal Services", "llp", ["Legal fees", "Counsel fees"]),
        ("Interpreting", "co", ["Interpreting services", "Translation"]),
        ("Supported Living", "co", ["Supported accommodation", "16+ accommodation"]),
        ("Therapeutic Services", "co", ["Therapy services", "Assessment services"]),
    ], ["Foster carer payments", "Special guardianship allowance", "Care leaver payments"]),
    "adult_social": (45, 60, [
        ("Home Care", "co", ["Home care", "Domiciliary care"]),
        ("Care Homes", "co", ["Residential care", "Nursing care"]),
        ("Nursing Home", "co", ["Nursing care", "Residential care"]),
        ("Day Services", "cic", ["Day care services"]),
        ("Supported Living", "co", ["Supported living", "Respite care"]),
        ("Healthcare", "co", ["Nursing care", "Respite care"]),
        ("Mobility", "co", ["Assistive technology", "Equipment for daily living"]),
        ("Carers Centre", "none", ["Carers support", "Grants to voluntary organisations"]),
        ("Telecare", "co", ["Assistive technology", "Telecare monitoring"]),
    ], ["Direct payments", "Personal budgets", "Shared lives carer payments"]),
    "public_health": (20, 10, [
        ("Health", "cic", ["Health promotion"]),
        ("Sexual Health", "co", ["Sexual health services"]),
        ("Recovery Services", "cic", ["Drug and alcohol treatment"]),
        ("Wellbeing", "cic", ["Weight management programme", "Health promotion"]),
        ("Stop Smoking Service", "co", ["Stop smoking services"]),
        ("Leisure", "co", ["Leisure passes", "Physical activity programme"]),
        ("Pharmacy", "co", ["Stop smoking services", "Sexual health services"]),
    ], ["Professional fees"]),
    "housing": (25, 20, [
        ("Lettings", "co", ["Temporary accommodation", "Rent deposits"]),
        ("Housing Association", "none", ["Temporary accommodation", "Supported housing"]),
        ("Hostels", "co", ["Bed and breakfast accommodation", "Temporary accommodation"]),
        ("Property Services", "co", ["Repairs", "Void clearance"]),
        ("Housing Advice", "cic", ["Housing advice services"]),
        ("Removals", "co", ["Removals and storage"]),
        ("Welfare Rights", "cic", ["Welfare advice"]),
    ], ["Rent deposits", "Landlord incentive payments"]),
    "highways": (30, 2, [
        ("Highways", "co", ["Highway repairs", "Resurfacing"]),
        ("Surfacing", "co", ["Resurfacing", "Highway repairs"]),
        ("Street Lighting", "co", ["Street lighting maintenance", "Street lighting energy"]),
        ("Road Markings", "co", ["Road markings"]),
        ("Traffic Systems", "co", ["Traffic signals maintenance"]),
        ("Salt Supplies", "co", ["Gritting salt"]),
        ("Coaches", "co", ["Bus subsidy", "Transport"]),
        ("Parking Services", "co", ["Parking enforcement", "Car park maintenance"]),
        ("Civil Engineering", "co", ["Structural maintenance", "Bridge inspections"]),
    ], ["Compensation payment"]),
    "culture": (20, 5, [
        ("Books", "co", ["Library stock", "Books and periodicals"]),
        ("Library Supplies", "co", ["Library stock", "Library equipment"]),
        ("Events", "co", ["Events", "Event management"]),
        ("Arts", "cic", ["Arts commissions", "Grants to voluntary organisations"]),
        ("Leisure Management", "co", ["Leisure centre management fee"]),
        ("Heritage Trust", "none", ["Museum services", "Conservation"]),
        ("Parks", "co", ["Grounds maintenance", "Tree works"]),
        ("Sports", "co", ["Sports equipment"]),
    ], ["Performer fees"]),
    "environment": (30, 3, [
        ("Waste Management", "co", ["Waste collection", "Waste disposal"]),
        ("Recycling", "co", ["Recycling services"]),
        ("Skip Hire", "co", ["Skip hire"]),
        ("Fleet Services", "co", ["Vehicle hire", "Vehicle repairs"]),
        ("Fuels", "co", ["Fuel"]),
        ("Pest Control", "co", ["Pest control services"]),
        ("Environmental Services", "co", ["Street cleansing", "Fly-tipping removal"]),
        ("Laboratories", "co", ["Laboratory testing"]),
        ("CCTV", "co", ["CCTV maintenance"]),
        ("Funeral Services", "co", ["Cremation services", "Public health funerals"]),
    ], ["Compensation payment"]),
    "planning": (20, 5, [
        ("Planning Consultancy", "llp", ["Planning consultancy", "Professional fees"]),
        ("Surveyors", "llp", ["Surveys", "Valuation fees"]),
        ("Architects", "llp", ["Architectural services"]),
        ("Community Trust", "none", ["Community development grants",
                                     "Grants to voluntary organisations"]),
        ("Enterprise", "cic", ["Business support", "Business grants"]),
        ("Regeneration", "co", ["Regeneration consultancy"]),
        ("Research", "co", ["Economic research"]),
    ], ["Business grants"]),
    "central": (25, 5, [
        ("Legal", "llp", ["Legal fees"]),
        ("Audit", "llp", ["Audit fees"]),
        ("Software", "co", ["Software licences", "IT services"]),
        ("Insurance", "co", ["Insurance premiums"]),
        ("Print", "co", ["Printing and stationery"]),
        ("Mail Services", "co", ["Postage"]),
        ("Consulting", "co", ["Consultancy fees", "Professional fees"]),
        ("Pensions Administration", "co", ["Pension administration"]),
        ("Recruitment", "co", ["Agency staff"]),
        ("Telecoms", "co", ["Telephones", "Mobile phones"]),
    ], ["Compensation payment", "Refund of charges"]),
    "general": (40, 0, [
        ("Catering", "co", ["Catering", "Catering services", "Food and provisions"]),
        ("Cleaning Services", "co", ["Cleaning services", "Cleaning materials"]),
        ("Facilities Management", "co", ["Building maintenance", "Repairs and maintenance"]),
        ("Building Services", "co", ["Building maintenance", "Planned maintenance"]),
        ("IT Solutions", "co", ["IT software licences", "Computer equipment", "IT support"]),
        ("Office Supplies", "co", ["Printing and stationery", "Office equipment"]),
        ("Recruitment", "co", ["Agency staff", "Temporary staff"]),
        ("Energy", "co", ["Electricity", "Gas"]),
        ("Security", "co", ["Security services", "Alarm monitoring"]),
        ("Consulting", "co", ["Professional fees", "Consultancy fees"]),
        ("Training", "co", ["Training", "Conference fees"]),
        ("Transport", "co", ["Vehicle hire", "Transport"]),
        ("Furniture", "co", ["Furniture", "Equipment purchase"]),
        ("Water Services", "co", ["Water charges"]),
    ], []),
}
GENERAL_SHARE = 0.25  # share of non-redacted rows paid to general (facilities, IT, ...) suppliers


def code_group(code: int) -> str:
    if code in (110, 310, 384, 385):
        return "early_years"
    if 120 <= code <= 165:
        return "education"
    if 210 <= code <= 280:
        return "highways"
    if code in (323, 327, 380):
        return "youth"
    if 313 <= code <= 326:
        return "children_social"
    if 332 <= code <= 356:
        return "adult_social"
    if 361 <= code <= 389:
        return "public_health"
    if 409 <= code <= 478:
        return "housing"
    if 500 <= code <= 505:
        return "culture"
    if 510 <= code <= 586:
        return "environment"
    if 591 <= code <= 598:
        return "planning"
    return "central"


# Category weights per payer profile (codes must be non-total RS lines).
CATEGORY_WEIGHTS = {
    "council": {
        110: 10, 120: 12, 130: 10, 140: 25, 145: 6, 165: 15,
        210: 6, 230: 20, 247: 15, 248: 5, 249: 12, 252: 3, 254: 4, 258: 6, 260: 8, 271: 4,
        272: 2, 275: 5, 276: 3,
        310: 50, 313: 60, 315: 30, 322: 30, 323: 20, 325: 40, 326: 10, 327: 90,
        332: 25, 333: 30, 334: 5, 335: 5, 336: 8, 337: 12, 340: 30, 341: 8, 344: 18, 345: 8,
        348: 6, 349: 2, 350: 8, 351: 4, 353: 8, 354: 6, 355: 8, 356: 15,
        361: 6, 362: 4, 363: 4, 365: 2, 366: 2, 368: 2, 370: 1, 371: 3, 372: 3, 373: 4, 374: 4,
        376: 6, 377: 4, 378: 3, 379: 3, 380: 5, 381: 3, 382: 1, 383: 6, 384: 6, 385: 4, 386: 1,
        387: 4, 389: 3,
        409: 10, 440: 35, 456: 3, 457: 6, 460: 4, 475: 10, 478: 8,
        500: 2, 501: 6, 502: 12, 503: 12, 504: 2, 505: 15,
        510: 6, 519: 4, 520: 1, 521: 3, 522: 4, 523: 4, 524: 2, 527: 3, 528: 1, 529: 1, 530: 4,
        531: 8, 532: 3, 533: 3, 541: 1, 543: 1, 570: 15, 581: 25, 582: 20, 583: 4, 584: 12,
        585: 2, 586: 3,
        591: 3, 592: 6, 593: 4, 594: 4, 595: 10, 596: 10, 597: 2, 598: 4,
        604: 3, 605: 1, 610: 15, 625: 4, 628: 5, 650: 2, 675: 8, 681: 2, 682: 1, 684: 3,
    },
    "primary": {120: 70, 110: 10, 165: 12, 140: 5},
    "secondary": {130: 70, 145: 12, 165: 12, 140: 5},
    "special": {140: 75, 165: 10, 120: 5, 130: 5, 145: 5},
    "trust": {165: 80, 120: 8, 130: 8, 140: 4},
    "youth": {327: 85, 323: 15},
    "children": {310: 82, 110: 8, 322: 6, 385: 4},
}

# Amount bands in pounds (low, high, weight); uniform in pence inside a band.
AMOUNT_BANDS = {
    "council": [(500, 1000, 220), (1000, 2500, 220), (2500, 5000, 160), (5000, 10000, 120),
                (10000, 25000, 110), (25000, 50000, 70), (50000, 100000, 45),
                (100000, 250000, 30), (250000, 500000, 15), (500000, 1000000, 7),
                (1000000, 2000000, 3)],
    "school": [(100, 500, 200), (500, 1000, 250), (1000, 2500, 230), (2500, 5000, 140),
               (5000, 10000, 90), (10000, 25000, 60), (25000, 50000, 20), (50000, 150000, 10)],
    "trust": [(500, 1000, 150), (1000, 2500, 200), (2500, 5000, 180), (5000, 10000, 150),
              (10000, 25000, 140), (25000, 50000, 90), (50000, 100000, 50),
              (100000, 250000, 30), (250000, 500000, 10)],
    "centre": [(100, 500, 200), (500, 1000, 280), (1000, 2500, 250), (2500, 5000, 140),
               (5000, 10000, 80), (10000, 25000, 40), (25000, 50000, 10)],
}
REFUND_RATE = 0.015


# --------------------------------------------------------------------------- institutions

class Inst:
    __slots__ = ("code", "name", "kind", "subkind", "ward", "parent", "opened", "children")

    def __init__(self, kind, subkind, ward):
        self.code = ""
        self.name = ""
        self.kind = kind
        self.subkind = subkind
        self.ward = ward          # (code, name, lad_code, lad_name)
        self.parent = ""
        self.opened = None        # ordinal or None
        self.children = []        # academies of a trust

    @property
    def ref(self):
        return "demo:" + self.code


def ward_stems(ward_name: str, lad_name: str):
    name = re.sub(r"\(.*?\)", " ", ward_name)
    parts = re.split(r"\s*(?:&|,|/|\+|\band\b)\s*", name)
    stems = []
    for p in parts:
        words = [w for w in p.split() if w]
        while len(words) > 1 and words[-1] in DIRECTIONS:
            words = words[:-1]
        while len(words) > 1 and words[0] in DIRECTIONS:
            words = words[1:]
        if not words or any(ch.isdigit() for ch in "".join(words)):
            continue
        if len(words) == 1 and words[0] in DIRECTIONS:
            continue
        stems.append(" ".join(words))
        if len(words) > 1 and words[0] == "Sutton":
            stems.append(" ".join(words[1:]))
    if not stems:
        stems = [lad_name]
    seen, out = set(), []
    for s in stems:
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


class Namer:
    """Unique institution names from ward stems, features and patterns."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set()
        self.pattern_cum = {}
        for key, pats in NAME_PATTERNS.items():
            cum, tot = cumulate([w for _, w in pats])
            self.pattern_cum[key] = ([p for p, _ in pats], cum, tot)

    def claim(self, name):
        k = name.lower()
        if k in self.used:
            return False
        self.used.add(k)
        return True

    def place(self, kind, subkind, ward, preferred_stem=None):
        rng = self.rng
        pats, cum, tot = self.pattern_cum[(kind, subkind)]
        stems = ward_stems(ward[1], ward[3])
        candidate = None
        for attempt in range(150):
            if attempt == 0 and preferred_stem:
                stem, pat = preferred_stem, pats[0]
            else:
                stem = stems[int(rng.random() * len(stems))]
                # the plain pattern first, then anything
                pat = pats[0] if attempt < len(stems) else pats[weighted_index(rng, cum, tot)]
            if "{F}" in pat:
                f = FEATURES[int(rng.random() * len(FEATURES))]
                if f in stem.split():
                    continue
            else:
                f = ""
            candidate = pat.format(P=stem, F=f)
            if self.claim(candidate):
                return candidate
        base = f"{candidate} ({ward[3]})"
        if self.claim(base):
            return base
        n = 2
        while not self.claim(f"{candidate} ({ward[3]} {n})"):
            n += 1
        return f"{candidate} ({ward[3]} {n})"

    def trust(self, ward, index):
        rng = self.rng
        names, cum, tot = ([s for s, _ in TRUST_SUFFIXES],) + cumulate([w for _, w in TRUST_SUFFIXES])
        stems = ward_stems(ward[1], ward[3])
        name = ""
        for attempt in range(90):
            suffix = names[weighted_index(rng, cum, tot)]
            word = TRUST_WORDS[int(rng.random() * len(TRUST_WORDS))]
            stem = stems[int(rng.random() * len(stems))]
            if attempt < 30 and index < len(TRUST_WORDS) * 2:
                name = f"{word} {suffix}"
            elif attempt < 60:
                name = f"{stem} {suffix}"
            else:
                name = f"{stem} {word} {suffix}"
            if self.claim(name):
                return name
        base = f"{name} ({ward[3]})"
        if self.claim(base):
            return base
        n = 2
        while not self.claim(f"{name} ({ward[3]} {n})"):
            n += 1
        return f"{name} ({ward[3]} {n})"


def random_date(rng, first: dt.date, last: dt.date) -> int:
    a, b = first.toordinal(), last.toordinal()
    return a + int(rng.random() * (b - a + 1))


def school_opened(rng):
    if rng.random() < 0.10:
        return None
    decades = [(1870, 3), (1900, 6), (1930, 10), (1950, 22), (1960, 20), (1970, 14),
               (1980, 6), (1990, 6), (2000, 7), (2010, 6)]
    cum, tot = cumulate([w for _, w in decades])
    year = decades[weighted_index(rng, cum, tot)][0] + int(rng.random() * 10)
    year = min(year, 2019)
    if rng.random() < 0.6:
        return dt.date(year, 9, 1).toordinal()
    return random_date(rng, dt.date(year, 1, 1), dt.date(year, 12, 31))


def month_start(rng, first_year, last_year, not_before=None):
    months = [1, 4, 9, 9, 9, 11, 3, 6, 7, 10, 2, 5, 8, 12]
    for _ in range(100):
        y = first_year + int(rng.random() * (last_year - first_year + 1))
        m = months[int(rng.random() * len(months))]
        o = dt.date(y, m, 1).toordinal()
        if not_before is None or o >= not_before:
            return o
    return not_before


def generate_institutions(cfg: Config, wards):
    rng = rng_for("institutions")
    namer = Namer(rng)
    nw = len(wards)
    ward_index = {w[0]: i for i, w in enumerate(wards)}

    # schools and academies per ward
    sa_count = [cfg.min_sa_per_ward] * nw
    if cfg.scale == "birmingham":
        sa_count[ward_index[BROMFORD_WARD]] += 1
    rest = cfg.n_schools_academies - sum(sa_count)
    if rest < 0:
        raise SystemExit("too few schools for the per-ward minimum")
    for _ in range(rest):
        sa_count[int(rng.random() * nw)] += 1

    slots = []  # (ward index, position in ward)
    for wi in range(nw):
        for k in range(sa_count[wi]):
            slots.append((wi, k))
    # academies (and so academy trusts) exist in England only
    order = [i for i in range(len(slots)) if wards[slots[i][0]][0].startswith("E")]
    rng.shuffle(order)
    if len(order) < cfg.n_academies:
        raise SystemExit("not enough English school places for the academies")
    academy_slot = set(order[:cfg.n_academies])

    schools, academies = [], []
    for si, (wi, k) in enumerate(slots):
        if k == 0:
            sub = "primary"
        else:
            r = rng.random()
            sub = "primary" if r < 0.62 else ("secondary" if r < 0.91 else "special")
        kind = "academy" if si in academy_slot else "school"
        inst = Inst(kind, sub, wards[wi])
        (academies if kind == "academy" else schools).append(inst)

    # youth centres: every ward one (Birmingham), Bromford two, some others two
    youth_wards = []
    if cfg.youth_per_ward:
        youth_wards = list(range(nw))
        youth_wards.append(ward_index[BROMFORD_WARD])
        others = [i for i in range(nw) if wards[i][0] != BROMFORD_WARD]
        rng.shuffle(others)
        youth_wards += others[:cfg.n_youth_extra - 1]
    else:
        per = [0] * nw
        while len(youth_wards) < cfg.n_youth:
            wi = int(rng.random() * nw)
            if per[wi] < 2:
                per[wi] += 1
                youth_wards.append(wi)
    youth_wards.sort()
    youths = [Inst("youth centre", "", wards[wi]) for wi in youth_wards]

    # children's centres: at most one per ward in Birmingham, Bromford always
    if cfg.scale == "birmingham":
        others = [i for i in range(nw) if wards[i][0] != BROMFORD_WARD]
        rng.shuffle(others)
        cc_wards = [ward_index[BROMFORD_WARD]] + others[:cfg.n_children - 1]
    else:
        cc_wards = [int(rng.random() * nw) for _ in range(cfg.n_children)]
    cc_wards.sort()
    centres = [Inst("children's centre", "", wards[wi]) for wi in cc_wards]

    # trusts: partition academies (in ward order) into runs of 2..8
    sizes = [2] * cfg.n_trusts
    rem = cfg.n_academies - 2 * cfg.n_trusts
    if rem < 0 or rem > 6 * cfg.n_trusts:
        raise SystemExit("academies cannot be split into trusts of 2-8")
    while rem:
        i = int(rng.random() * cfg.n_trusts)
        if sizes[i] < 8:
            sizes[i] += 1
            rem -= 1
    acad_order = sorted(range(len(academies)),
                        key=lambda i: (ward_index[academies[i].ward[0]], i))
    # a little mixing so trusts are not strictly contiguous runs
    for i in range(len(acad_order) - 1):
        if rng.random() < 0.15:
            acad_order[i], acad_order[i + 1] = acad_order[i + 1], acad_order[i]
    trusts = []
    pos = 0
    for size in sizes:
        members = [academies[i] for i in acad_order[pos:pos + size]]
        pos += size
        office = members[int(rng.random() * len(members))].ward
        t = Inst("academy trust", "", office)
        t.children = members
        trusts.append(t)

    # codes, names, dates
    def width(n, minimum):
        return max(minimum, len(str(n)))

    w_sa = width(max(len(schools), len(academies)), 4)
    w_t = width(len(trusts), 3)
    w_y = width(len(youths), 3)
    w_c = width(len(centres), 3)

    for i, t in enumerate(trusts, 1):
        t.code = f"T{i:0{w_t}d}"
        t.name = namer.trust(t.ward, i - 1)
        t.opened = month_start(rng, 2010, 2019)
        for a in t.children:
            a.parent = t.code
            a.opened = month_start(rng, 2011, 2023, not_before=t.opened)

    # a ward's first institution of each kind prefers a different stem, so that
    # both halves of "Bromford & Hodge Hill" are used
    stem_turn = {}

    def preferred(inst):
        stems = ward_stems(inst.ward[1], inst.ward[3])
        k = (inst.ward[0], inst.kind)
        n = stem_turn.get(k, 0)
        stem_turn[k] = n + 1
        return stems[n % len(stems)] if n < len(stems) else None

    for i, s in enumerate(sorted(schools, key=lambda x: ward_index[x.ward[0]]), 1):
        s.code = f"S{i:0{w_sa}d}"
    schools.sort(key=lambda x: x.code)
    academies_sorted = sorted(academies, key=lambda x: (ward_index[x.ward[0]], x.parent))
    for i, a in enumerate(academies_sorted, 1):
        a.code = f"A{i:0{w_sa}d}"
    academies = academies_sorted
    for i, y in enumerate(youths, 1):
        y.code = f"Y{i:0{w_y}d}"
    for i, c in enumerate(centres, 1):
        c.code = f"C{i:0{w_c}d}"

    for s in schools:
        s.name = namer.place(s.kind, s.subkind, s.ward, preferred(s))
        s.opened = school_opened(rng)
    for a in academies:
        a.name = namer.place(a.kind, a.subkind, a.ward, preferred(a))
    for y in youths:
        y.name = namer.place(y.kind, "", y.ward, preferred(y))
        y.opened = None if rng.random() < 0.2 else random_date(
            rng, dt.date(1955, 1, 1), dt.date(2022, 12, 31))
    for c in centres:
        c.name = namer.place(c.kind, "", c.ward, preferred(c))
        if rng.random() < 0.1:
            c.opened = None
        elif rng.random() < 0.9:
            c.opened = random_date(rng, dt.date(2004, 1, 1), dt.date(2012, 12, 31))
        else:
            c.opened = random_date(rng, dt.date(2013, 1, 1), dt.date(2016, 12, 31))

    for t in trusts:
        t.children.sort(key=lambda x: x.code)
    return trusts, schools, academies, youths, centres


def write_institutions(path, trusts, schools, academies, youths, centres):
    f, w = open_csv(path)
    with f:
        w.writerow(INSTITUTION_COLUMNS)
        n = 0
        for group in (trusts, schools, academies, youths, centres):
            for i in group:
                w.writerow([i.code, i.name, i.kind, i.subkind, i.ward[0], i.parent, iso(i.opened)])
                n += 1
    return n


# --------------------------------------------------------------------------- people and roles

class PersonNamer:
    def __init__(self, rng, real_keys, unique):
        self.rng = rng
        self.real = real_keys
        self.unique = unique
        self.used = set()
        self.cum, self.tot = cumulate([g[0] for g in NAME_GROUPS])

    def __call__(self):
        rnd = self.rng.random
        for _ in range(10000):
            g = NAME_GROUPS[bisect.bisect_right(self.cum, int(rnd() * self.tot))]
            first = g[1][int(rnd() * len(g[1]))]
            if rnd() < 0.06:  # mixed families
                g = NAME_GROUPS[bisect.bisect_right(self.cum, int(rnd() * self.tot))]
            last = g[2][int(rnd() * len(g[2]))]
            if first == last:
                continue
            full = f"{first} {last}"
            key = full.lower()
            if key in self.real or name_digest(key) in KNOWN_REAL_NAME_DIGESTS:
                continue
            if self.unique:
                if key in self.used:
                    continue
                self.used.add(key)
            return full
        raise SystemExit("ran out of synthetic names")


def role_blocks(cfg: Config, rng, trusts, schools, academies, youths, centres, nhs, courts):
    """Blocks (institution ref, role, earliest start ordinal, count) in stream order."""
    def rr(lo_hi):
        lo, hi = lo_hi
        return lo + int(rng.random() * (hi - lo + 1))

    def start_floor(inst):
        return ROLE_START_MIN if inst.opened is None else max(ROLE_START_MIN, inst.opened)

    main = []
    for t in trusts:
        main.append((t.ref, "trustee", start_floor(t), rr(cfg.trust_trustees)))
        for a in t.children:
            main.append((a.ref, "governor", start_floor(a), rr(cfg.governors)))
    by_ward = {}
    for s in schools:
        by_ward.setdefault(s.ward[0], []).append(("s", s))
    for y in youths:
        by_ward.setdefault(y.ward[0], []).append(("y", y))
    for c in centres:
        by_ward.setdefault(c.ward[0], []).append(("c", c))
    for wcode in sorted(by_ward):
        for tag, inst in by_ward[wcode]:
            if tag == "s":
                main.append((inst.ref, "governor", start_floor(inst), rr(cfg.governors)))
            elif tag == "y":
                main.append((inst.ref, "manager", start_floor(inst), 1))
                main.append((inst.ref, "trustee", start_floor(inst), rr(cfg.youth_trustees)))
            else:
                main.append((inst.ref, "manager", start_floor(inst), 1))

    extra = []
    for code in nhs:
        extra.append(("ods:" + code, "board member", ROLE_START_MIN, rr(cfg.board_members)))
    if cfg.scale == "birmingham":
        court_totals = [(courts[0], cfg.magistrates_total)]
    else:
        court_totals = [(c, rr(cfg.magistrates_per_court)) for c in courts]
    for court, total in court_totals:
        while total > 0:
            chunk = min(total, 6 + int(rng.random() * 7))
            extra.append(("court:" + court, "magistrate", ROLE_START_MIN, chunk))
            total -= chunk
    # interleave the extra blocks evenly through the main stream
    m, x = len(main), len(extra)
    out, xi = [], 0
    for i, b in enumerate(main):
        out.append(b)
        while xi < x and (xi + 1) * m <= (i + 1) * x:
            out.append(extra[xi])
            xi += 1
    out.extend(extra[xi:])
    return out


def generate_roles(cfg: Config, path, blocks, real_keys):
    rng = rng_for("roles")
    rnd = rng.random
    namer = PersonNamer(rng_for("names"), real_keys, unique=(cfg.scale == "birmingham"))
    total_slots = sum(b[3] for b in blocks)
    n_people = cfg.n_people if cfg.n_people is not None else total_slots * 100 // 116
    repeats = total_slots - n_people
    if repeats < 0:
        raise SystemExit(f"{total_slots} role slots cannot hold {n_people} people")
    # probability that a new person is willing to take further offices, with 1-3 more
    cap_values, (cap_cum, cap_tot) = [1, 2, 3], cumulate([72, 20, 8])
    multi_p = min(0.9, 1.1 * repeats / (1.36 * n_people)) if n_people else 0.0
    pid_w = max(6, len(str(n_people)))
    window = 300

    pool = []                 # [pid, name, capacity, set of institution refs]
    recent = [None] * 2048    # ring of recent persons, for the last resort
    ring_pos = 0
    offices = array("H", [0]) * (n_people + 1)
    new_left, slots_left = n_people, total_slots
    pid_next = 1
    rows = 0

    def pick(entries, inst_ref, span):
        n = len(entries)
        if n == 0:
            return -1
        span = min(n, span)
        for _ in range(8):
            idx = n - 1 - int(rnd() * span)
            e = entries[idx]
            if e is not None and inst_ref not in e[3]:
                return idx
        return -1

    f, w = open_csv(path)
    with f:
        w.writerow(ROLE_COLUMNS)
        for inst_ref, role, floor, count in blocks:
            for _ in range(count):
                entry = None
                want_repeat = new_left < slots_left and (new_left == 0 or
                                                         rnd() * slots_left >= new_left)
                if want_repeat:
                    idx = pick(pool, inst_ref, window)
                    if idx >= 0:
                        entry = pool[idx]
                        entry[2] -= 1
                        if entry[2] <= 0:
                            pool.pop(idx)
                    elif new_left == 0:
                        idx = pick(recent, inst_ref, len(recent))
                        if idx < 0:
                            for e in recent:
                                if e is not None and inst_ref not in e[3]:
                                    entry = e
                                    break
                        else:
                            entry = recent[idx]
                        if entry is None:
                            raise SystemExit("could not place a repeat office holder")
                if entry is None:
                    entry = [pid_next, namer(), 0, set()]
                    pid_next += 1
                    new_left -= 1
                    if rnd() < multi_p:
                        entry[2] = cap_values[bisect.bisect_right(cap_cum, int(rnd() * cap_tot))]
                        pool.append(entry)
                    recent[ring_pos] = entry
                    ring_pos = (ring_pos + 1) % len(recent)
                entry[3].add(inst_ref)
                slots_left -= 1
                pid = entry[0]
                offices[pid] += 1
                start = max(floor, ROLE_START_MIN)
                start = start + int(rnd() * (ROLE_START_MAX - start + 1))
                end = ""
                if rnd() < 0.15:
                    lo = start + 30
                    end = iso(lo + int(rnd() * (ROLE_END_MAX - lo + 1)))
                w.writerow([f"P{pid:0{pid_w}d}", entry[1], inst_ref, role, "", iso(start), end])
                rows += 1
    people = pid_next - 1
    if people != n_people:
        raise SystemExit(f"internal error: {people} people instead of {n_people}")
    hist = {}
    for pid in range(1, people + 1):
        hist[offices[pid]] = hist.get(offices[pid], 0) + 1
    return rows, people, dict(sorted(hist.items()))


# --------------------------------------------------------------------------- suppliers and payments

def build_suppliers(cfg: Config, wards):
    rng = rng_for("suppliers")
    prefixes = list(SUPPLIER_PREFIXES)
    if cfg.supplier_factor > 1:
        extra = set()
        for wd in wards:
            for s in ward_stems(wd[1], wd[3]):
                if len(s) <= 18:
                    extra.add(s)
        prefixes += sorted(extra - set(prefixes))
    used = set()
    pools = {}
    for gname in sorted(GROUPS):
        n, _, nouns, _ = GROUPS[gname]
        n *= cfg.supplier_factor
        suppliers = []
        tries = 0
        while len(suppliers) < n:
            tries += 1
            if tries > n * 200:
                raise SystemExit(f"cannot make {n} supplier names for {gname}")
            prefix = prefixes[int(rng.random() * len(prefixes))]
            noun, form, texts = nouns[int(rng.random() * len(nouns))]
            if noun.split()[0] in prefix.split():
                continue
            key = f"{prefix} {noun}".lower()
            if key in used:
                continue
            forms = LEGAL[form]
            cum, tot = cumulate([wt for _, wt in forms])
            suffix = forms[weighted_index(rng, cum, tot)][0]
            used.add(key)
            name = f"{prefix} {noun} {suffix}".strip()
            suppliers.append((name, texts))
        weights = [100000 // (rank + 3) for rank in range(len(suppliers))]
        cum, tot = cumulate(weights)
        pools[gname] = (suppliers, cum, tot)
    return pools


def day_counts(n_rows: int):
    rng = rng_for("days")
    days = []
    o = FY_START.toordinal()
    while o <= FY_END.toordinal():
        d = dt.date.fromordinal(o)
        if d.weekday() >= 5:
            w = 1
        else:
            w = 20 + int(rng.random() * 11)
        if d.month == 3:
            w = w * 14 // 10
        elif d.month == 4:
            w = w * 8 // 10
        days.append((o, w))
        o += 1
    total_w = sum(w for _, w in days)
    counts = [n_rows * w // total_w for _, w in days]
    rem = n_rows - sum(counts)
    order = sorted(range(len(days)), key=lambda i: (-(n_rows * days[i][1] % total_w), i))
    for i in order[:rem]:
        counts[i] += 1
    return [(days[i][0], counts[i]) for i in range(len(days))]


def generate_payments(cfg: Config, path, payers, service_lines, pools):
    """payers: list of (ref, profile, band, weight, inst). Streams rows by date."""
    rng = rng_for("payments")
    rnd = rng.random

    # category tables
    profiles = {}
    for prof, weights in CATEGORY_WEIGHTS.items():
        codes = sorted(weights)
        bad = [c for c in codes if c not in service_lines]
        if bad:
            raise SystemExit(f"category codes not non-total RS lines: {bad}")
        cum, tot = cumulate([weights[c] for c in codes])
        profiles[prof] = (codes, cum, tot)
    bands = {}
    for key, bl in AMOUNT_BANDS.items():
        cum, tot = cumulate([b[2] for b in bl])
        bands[key] = ([(lo * 100, (hi - lo) * 100) for lo, hi, _ in bl], cum, tot)
    groups = {}
    for code in sorted(service_lines):
        g = code_group(code)
        _, redact, _, rtexts = GROUPS[g]
        groups[code] = (pools[g], redact / 1000.0, rtexts or ["Professional fees"], str(code))
    general = pools["general"]

    refs = [p[0] for p in payers]
    pprof = [profiles[p[1]] for p in payers]
    pband = [bands[p[2]] for p in payers]
    pcum, ptot = cumulate([p[3] for p in payers])
    council = (BIRMINGHAM_COUNCIL_REF, profiles["council"], bands["council"])
    council_share = cfg.council_share

    width = max(7, len(str(cfg.n_payments)))
    ref_no = 0
    rows = 0
    stats = {"council": 0, "redacted": 0, "negative": 0, "c327": 0}
    council_327_suppliers = set()
    payer_cats = set()   # (payer ref, code) pairs, Birmingham only
    track = cfg.scale == "birmingham"
    br = bisect.bisect_right

    f, w = open_csv(path)
    with f:
        w.writerow(PAYMENT_COLUMNS)
        for ordinal, count in day_counts(cfg.n_payments):
            date = iso(ordinal)
            batch = []
            for _ in range(count):
                if council_share and rnd() < council_share:
                    payer, (codes, ccum, ctot), (bl, bcum, btot) = council
                    is_council = True
                else:
                    i = br(pcum, int(rnd() * ptot))
                    payer = refs[i]
                    codes, ccum, ctot = pprof[i]
                    bl, bcum, btot = pband[i]
                    is_council = False
                code = codes[br(ccum, int(rnd() * ctot))]
                (sups, scum, stot), redact, rtexts, code_s = groups[code]
                if rnd() < redact:
                    supplier = REDACTED
                    text = rtexts[int(rnd() * len(rtexts))]
                    stats["redacted"] += 1
                else:
                    if rnd() < GENERAL_SHARE:
                        sups, scum, stot = general
                    name, texts = sups[br(scum, int(rnd() * stot))]
                    supplier = name
                    text = texts[int(rnd() * len(texts))]
                lo, span = bl[br(bcum, int(rnd() * btot))]
                pence = lo + int(rnd() * span)
                r = rnd()
                if r < 0.25:
                    pence -= pence % 100
                elif r < 0.30:
                    pence -= pence % 1000
                if pence < lo:
                    pence = lo
                if rnd() < REFUND_RATE:
                    while pence > 2_500_000:   # refunds above 25,000 pounds are rare
                        pence //= 10
                    amount = f"-{pence // 100}.{pence % 100:02d}"
                    stats["negative"] += 1
                else:
                    amount = f"{pence // 100}.{pence % 100:02d}"
                ref_no += 1
                batch.append((payer, date, supplier, amount, code_s, text, f"DM{ref_no:0{width}d}"))
                if is_council:
                    stats["council"] += 1
                    if code == 327:
                        stats["c327"] += 1
                        council_327_suppliers.add(supplier)
                if track:
                    payer_cats.add((payer, code))
            w.writerows(batch)
            rows += len(batch)
    stats["council_327_suppliers"] = len(council_327_suppliers)
    return rows, stats, payer_cats


def payer_table(trusts, schools, academies, youths, centres):
    payers = []
    size_w = {"primary": 3, "secondary": 6, "special": 3}
    for t in trusts:
        payers.append((t.ref, "trust", "trust", 8, t))
    for s in schools + academies:
        payers.append((s.ref, s.subkind, "school", size_w[s.subkind], s))
    for y in youths:
        payers.append((y.ref, "youth", "centre", 3, y))
    for c in centres:
        payers.append((c.ref, "children", "centre", 3, c))
    return payers


# --------------------------------------------------------------------------- driver

def generate(cfg: Config, out_dir: Path, verbose=True):
    t0 = time.time()
    out_dir.mkdir(parents=True, exist_ok=True)
    wards = load_wards(cfg.scale)
    service_lines = load_service_lines()
    real_keys = load_real_person_keys()
    nhs = load_nhs_trusts(cfg.scale)
    courts = load_magistrates_courts(cfg.scale)

    trusts, schools, academies, youths, centres = generate_institutions(cfg, wards)
    n_inst = write_institutions(out_dir / OUTPUT_FILES[0], trusts, schools, academies, youths,
                                centres)
    if cfg.n_institutions is not None and n_inst != cfg.n_institutions:
        raise SystemExit(f"internal error: {n_inst} institutions instead of {cfg.n_institutions}")
    if cfg.scale == "birmingham":
        check_birmingham_institutions(wards, trusts, schools, academies, youths, centres)

    blocks = role_blocks(cfg, rng_for("boards"), trusts, schools, academies, youths, centres,
                         nhs, courts)
    n_roles, n_people, hist = generate_roles(cfg, out_dir / OUTPUT_FILES[1], blocks, real_keys)

    pools = build_suppliers(cfg, wards)
    payers = payer_table(trusts, schools, academies, youths, centres)
    n_pay, stats, payer_cats = generate_payments(cfg, out_dir / OUTPUT_FILES[2], payers,
                                                 service_lines, pools)
    if cfg.scale == "birmingham":
        bromford_youth = [y.ref for y in youths if y.ward[0] == BROMFORD_WARD]
        lacking = [r for r in bromford_youth if (r, 327) not in payer_cats]
        if lacking:
            raise SystemExit(f"youth centres in {BROMFORD_WARD} without 327 payments: {lacking}")

    if verbose:
        multi = sum(v for k, v in hist.items() if k >= 2)
        n_sup = sum(len(p[0]) for p in pools.values())
        print(f"institutions {n_inst:,}: trusts {len(trusts):,}, schools {len(schools):,}, "
              f"academies {len(academies):,}, youth centres {len(youths):,}, "
              f"children's centres {len(centres):,}", file=sys.stderr)
        print(f"people {n_people:,}; roles {n_roles:,}; people with 2+ offices {multi:,} "
              f"({100.0 * multi / n_people:.1f}%); offices per person {hist}", file=sys.stderr)
        print(f"payments {n_pay:,}: council {stats['council']:,}, redacted {stats['redacted']:,}, "
              f"negative {stats['negative']:,}, council 327 rows {stats['c327']:,} to "
              f"{stats['council_327_suppliers']} suppliers; {n_sup:,} supplier names",
              file=sys.stderr)
        for name in OUTPUT_FILES:
            p = out_dir / name
            print(f"  {p}  {p.stat().st_size:,} bytes", file=sys.stderr)
        print(f"done in {time.time() - t0:.1f}s", file=sys.stderr)
    return n_inst, n_people, n_roles, n_pay


def check_birmingham_institutions(wards, trusts, schools, academies, youths, centres):
    problems = []
    sa, yc, cc = {}, {}, {}
    for i in schools + academies:
        sa[i.ward[0]] = sa.get(i.ward[0], 0) + 1
    for i in youths:
        yc[i.ward[0]] = yc.get(i.ward[0], 0) + 1
    for i in centres:
        cc[i.ward[0]] = cc.get(i.ward[0], 0) + 1
    for w in wards:
        if sa.get(w[0], 0) < 2 or yc.get(w[0], 0) < 1:
            problems.append(w[0])
    if sa.get(BROMFORD_WARD, 0) < 3 or yc.get(BROMFORD_WARD, 0) < 2 or cc.get(BROMFORD_WARD, 0) < 1:
        problems.append(BROMFORD_WARD + " (Bromford & Hodge Hill minimums)")
    for t in trusts:
        if not 2 <= len(t.children) <= 8:
            problems.append(t.code)
    names = [i.name for g in (trusts, schools, academies, youths, centres) for i in g]
    if len(set(names)) != len(names):
        problems.append("duplicate names")
    if problems:
        raise SystemExit(f"institution rules broken: {problems}")


def main(argv=None):
    ap = argparse.ArgumentParser(description="Generate civic's synthetic demo layer.")
    ap.add_argument("--out", type=Path, help="output directory (default: Datasets/demo)")
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temp dir and compare with the committed files")
    ap.add_argument("--scale", choices=["birmingham", "national"], default="birmingham")
    ap.add_argument("--payments", type=int, help="number of payment rows")
    args = ap.parse_args(argv)

    if args.payments is not None and args.payments < 0:
        ap.error("--payments must be >= 0")
    if args.scale == "national" and not args.check and args.out is None:
        ap.error("--scale national needs --out DIR (Datasets/demo holds the Birmingham layer)")
    cfg = Config(args.scale, args.payments)

    if args.check:
        if args.scale != "birmingham" or args.payments is not None or args.out:
            ap.error("--check compares the default (Birmingham) demo layer only")
        with tempfile.TemporaryDirectory() as tmp:
            generate(cfg, Path(tmp), verbose=False)
            differ = []
            for name in OUTPUT_FILES:
                committed = DEMO_DIR / name
                if not committed.exists() or not filecmp.cmp(Path(tmp) / name, committed,
                                                             shallow=False):
                    differ.append(name)
        if differ:
            for name in differ:
                print(f"differs: Datasets/demo/{name}")
            return 1
        print("demo layer is up to date: " + ", ".join(OUTPUT_FILES))
        return 0

    out = args.out if args.out else DEMO_DIR
    generate(cfg, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
