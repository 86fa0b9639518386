#!/usr/bin/env python3
"""Deterministic synthetic datasets for benchmarking briefgen.

    python bench/generate.py --size L --seed 1 --out /tmp/bench-L

writes a dataset folder that `briefgen check --data /tmp/bench-L` accepts, shaped
like the bundled `examples/vn-jp-ict` (same manifest, same `fields.yaml`) but as
big as a ministry's dataset becomes after decades:

    size   people   organisations   meetings   agreements   commitments
    S           8             ~12          5            3            17
    M         200             ~90      1,000          100         5,000
    L       2,000            ~480     10,000        1,000        50,000
    XL     20,000          ~4,000    100,000       10,000       500,000

Records are realistic in shape: people with structured VN/JP names, native
names, typed aliases (no diacritics, other order, transliteration) and post
histories; organisations with departments (`parent`) and a few successions;
meetings 1995-2025 with participants of both sides whose posts cover the
meeting date, places, fields and sources published after the meeting;
agreements with periods; commitments with dated status updates.  Every source
is a `url:` source, so no seeds folder is needed.

The same seed gives byte-identical files (nothing depends on hash order or the
clock).  Files are split (one meetings/commitments/sources file per year, and parts
within a year) to stay under 80% of the loader's per-file limits, read from
briefgen.yamlfile (MAX_FILE_BYTES, MAX_NODES: 2 MB and 100,000 values when
this was written).

Besides the YAML files the folder gets (the loader reads only *.yaml/*.yml):
  delegation.txt   100 display names (one per line) that each resolve to one person
  counterpart.txt  the id of one well-connected person with a current post
  bench-info.json  the parameters and record counts
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

FIRST_DAY = dt.date(1995, 1, 1)  # first meeting
LAST_DAY = dt.date(2025, 12, 31)  # nothing is dated later: every date is in the past
CAREER_START = dt.date(1985, 1, 1)
LIMIT_SHARE = 0.8  # fill files to at most 80% of the loader's per-file limits (bytes, values)
MARKER = "bench-info.json"
PER_YEAR_FROM = 500  # collections bigger than this get one file per year
GENERATOR_VERSION = 2  # 2: status updates give their reader text as `text:` (issue 25), not `note:`


@dataclass(frozen=True)
class Params:
    people: int
    tops: int  # top-level organisations per side (each gets departments)
    meetings: int
    agreements: int
    commitments: int


SIZES: dict[str, Params] = {
    "S": Params(people=8, tops=2, meetings=5, agreements=3, commitments=17),
    "M": Params(people=200, tops=10, meetings=1_000, agreements=100, commitments=5_000),
    "L": Params(people=2_000, tops=60, meetings=10_000, agreements=1_000, commitments=50_000),
    "XL": Params(people=20_000, tops=500, meetings=100_000, agreements=10_000, commitments=500_000),
}

# --- name pools ----------------------------------------------------------------------------

VN_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
             "Dương", "Lý", "Đoàn", "Đinh", "Trương", "Triệu", "Lương", "Tạ", "Cao", "Hà", "Lâm", "Tô", "Châu",
             "Quách", "Kiều", "Vương", "Thái"]
VN_MIDDLE = ["Văn", "Thị", "Minh", "Đức", "Quang", "Hữu", "Thanh", "Ngọc", "Xuân", "Mạnh", "Hồng", "Thu",
             "Công", "Việt", "Kim", "Bảo", "Đình", "Trọng", "Hoài", "Quốc", "Thế", "Hải", "Tiến", "Gia", "Như"]
VN_GIVEN = ["Hùng", "Hưng", "Tuấn", "Long", "Phúc", "Dũng", "Hải", "Lan", "Hương", "Linh", "Nam", "Sơn",
            "Thắng", "Trung", "Quân", "Bình", "Cường", "Đạt", "Giang", "Hạnh", "Hiếu", "Hoa", "Huy", "Khánh",
            "Khoa", "Loan", "Minh", "My", "Nga", "Ngân", "Nhung", "Phong", "Phương", "Quang", "Quyên", "Tâm",
            "Thảo", "Thành", "Thủy", "Toàn", "Trang", "Tú", "Vân", "Vinh", "Yến", "An", "Duy", "Hậu", "Hiền",
            "Kiên", "Lực", "Nghĩa", "Oanh", "Quế", "Sang", "Tài", "Thư", "Tín", "Trí", "Uyên", "Đông", "Điệp",
            "Hòa", "Khải", "Lợi", "Ninh", "Phát", "Thịnh", "Tùng", "Hằng", "Dung", "Chi", "Anh", "Tuyết", "Đức",
            "Hoàn", "Khang", "Luân", "Nhân", "Sinh"]
JP_FAMILY = [("Sato", "佐藤"), ("Suzuki", "鈴木"), ("Takahashi", "高橋"), ("Tanaka", "田中"), ("Watanabe", "渡辺"),
             ("Ito", "伊藤"), ("Yamamoto", "山本"), ("Nakamura", "中村"), ("Kobayashi", "小林"), ("Kato", "加藤"),
             ("Yoshida", "吉田"), ("Yamada", "山田"), ("Sasaki", "佐々木"), ("Yamaguchi", "山口"), ("Matsumoto", "松本"),
             ("Inoue", "井上"), ("Kimura", "木村"), ("Hayashi", "林"), ("Shimizu", "清水"), ("Yamazaki", "山崎"),
             ("Mori", "森"), ("Abe", "阿部"), ("Ikeda", "池田"), ("Hashimoto", "橋本"), ("Yamashita", "山下"),
             ("Ishikawa", "石川"), ("Nakajima", "中島"), ("Maeda", "前田"), ("Fujita", "藤田"), ("Ogawa", "小川"),
             ("Goto", "後藤"), ("Okada", "岡田"), ("Hasegawa", "長谷川"), ("Murakami", "村上"), ("Kondo", "近藤"),
             ("Ishii", "石井"), ("Saito", "斎藤"), ("Sakamoto", "坂本"), ("Endo", "遠藤"), ("Aoki", "青木"),
             ("Fujii", "藤井"), ("Nishimura", "西村"), ("Fukuda", "福田"), ("Ota", "太田"), ("Miura", "三浦"),
             ("Takeuchi", "竹内"), ("Nakagawa", "中川"), ("Okamoto", "岡本"), ("Matsuda", "松田"), ("Harada", "原田"),
             ("Nakano", "中野"), ("Ono", "小野"), ("Tamura", "田村"), ("Fujiwara", "藤原"), ("Nakayama", "中山"),
             ("Ishida", "石田"), ("Kojima", "小島"), ("Wada", "和田"), ("Morita", "森田"), ("Uchida", "内田"),
             ("Shibata", "柴田"), ("Sakai", "酒井"), ("Takagi", "高木"), ("Yokoyama", "横山"), ("Ando", "安藤"),
             ("Miyazaki", "宮崎"), ("Ueda", "上田"), ("Shimada", "島田"), ("Kudo", "工藤"), ("Takaichi", "高市"),
             ("Sugiyama", "杉山"), ("Imai", "今井"), ("Maruyama", "丸山"), ("Masuda", "増田"), ("Takada", "高田"),
             ("Murata", "村田"), ("Hirano", "平野"), ("Otsuka", "大塚"), ("Sugawara", "菅原"), ("Takeda", "武田"),
             ("Arai", "新井"), ("Koyama", "小山"), ("Noguchi", "野口"), ("Sakurai", "桜井"), ("Chiba", "千葉"),
             ("Iwasaki", "岩崎"), ("Sano", "佐野"), ("Taniguchi", "谷口"), ("Ueno", "上野"), ("Matsui", "松井"),
             ("Kono", "河野"), ("Ichikawa", "市川"), ("Watanuki", "綿貫"), ("Kikuchi", "菊地"), ("Hirata", "平田"),
             ("Kubo", "久保"), ("Matsuoka", "松岡"), ("Nomura", "野村"), ("Kawaguchi", "川口"), ("Tsuji", "辻"),
             ("Hoshino", "星野"), ("Kawasaki", "川崎"), ("Iwata", "岩田"), ("Kaneko", "金子"), ("Nakanishi", "中西"),
             ("Tsuchiya", "土屋"), ("Sugimoto", "杉本"), ("Onishi", "大西"), ("Miyamoto", "宮本"), ("Kawamura", "川村"),
             ("Yano", "矢野"), ("Furukawa", "古川"), ("Hirose", "広瀬"), ("Sakaguchi", "坂口"), ("Nagai", "永井"),
             ("Hattori", "服部"), ("Kitamura", "北村"), ("Higuchi", "樋口"), ("Oda", "織田"), ("Akiyama", "秋山")]
JP_GIVEN = [("Hiroshi", "博"), ("Takashi", "隆"), ("Akira", "明"), ("Satoshi", "聡"), ("Kenji", "健二"),
            ("Makoto", "誠"), ("Yuki", "由紀"), ("Naoki", "直樹"), ("Kazuo", "和夫"), ("Masato", "正人"),
            ("Yoshiko", "良子"), ("Keiko", "恵子"), ("Yoko", "洋子"), ("Tomoko", "智子"), ("Sanae", "早苗"),
            ("Manabu", "学"), ("Ken", "健"), ("Taro", "太郎"), ("Ichiro", "一郎"), ("Jiro", "次郎"),
            ("Daisuke", "大輔"), ("Shinji", "真司"), ("Koji", "浩二"), ("Tetsuya", "哲也"), ("Hideki", "秀樹"),
            ("Noriko", "典子"), ("Mayumi", "真由美"), ("Junko", "順子"), ("Kaori", "香織"), ("Emi", "恵美"),
            ("Ryo", "亮"), ("Shota", "翔太"), ("Yusuke", "雄介"), ("Kenta", "健太"), ("Takuya", "拓也"),
            ("Haruka", "遥"), ("Aya", "彩"), ("Mika", "美香"), ("Nao", "奈緒"), ("Rie", "理恵"),
            ("Masahiro", "正浩"), ("Toshiyuki", "敏之"), ("Yasuhiro", "康弘"), ("Nobuo", "信夫"), ("Shigeru", "茂"),
            ("Tsutomu", "勉"), ("Osamu", "修"), ("Isamu", "勇"), ("Minoru", "稔"), ("Susumu", "進"),
            ("Hajime", "一"), ("Kiyoshi", "清"), ("Takeshi", "武"), ("Tadashi", "正"), ("Masaru", "勝"),
            ("Hiroko", "裕子"), ("Kumiko", "久美子"), ("Sachiko", "幸子"), ("Michiko", "美智子"), ("Akiko", "明子"),
            ("Midori", "緑"), ("Hitomi", "瞳"), ("Megumi", "恵"), ("Chika", "千佳"), ("Ayumi", "歩"),
            ("Takumi", "匠"), ("Sho", "翔"), ("Daiki", "大樹"), ("Kosuke", "康介"), ("Yuta", "雄太"),
            ("Atsushi", "敦"), ("Eiji", "英二"), ("Fumio", "文雄"), ("Goro", "五郎"), ("Haruto", "陽翔"),
            ("Hisashi", "久"), ("Jun", "純"), ("Kazuhiro", "和弘"), ("Kei", "圭"), ("Koichi", "浩一"),
            ("Masaki", "正樹"), ("Mitsuru", "充"), ("Noboru", "昇"), ("Ryota", "涼太"), ("Seiji", "誠二"),
            ("Shinya", "慎也"), ("Shuichi", "修一"), ("Tatsuya", "達也"), ("Tomohiro", "智宏"), ("Toru", "徹"),
            ("Yasushi", "靖"), ("Yoshio", "義男"), ("Yuji", "裕二"), ("Yutaka", "豊"), ("Asami", "麻美"),
            ("Chieko", "智恵子"), ("Erika", "恵理香"), ("Fumiko", "文子"), ("Kana", "佳奈"), ("Kyoko", "京子"),
            ("Mariko", "真理子"), ("Naomi", "直美"), ("Reiko", "玲子"), ("Sayaka", "沙也加"), ("Yumi", "由美")]
JP_FEMALE = {"Yuki", "Yoshiko", "Keiko", "Yoko", "Tomoko", "Sanae", "Noriko", "Mayumi", "Junko", "Kaori", "Emi",
             "Haruka", "Aya", "Mika", "Nao", "Rie", "Hiroko", "Kumiko", "Sachiko", "Michiko", "Akiko", "Midori",
             "Hitomi", "Megumi", "Chika", "Ayumi", "Asami", "Chieko", "Erika", "Fumiko", "Kana", "Kyoko",
             "Mariko", "Naomi", "Reiko", "Sayaka", "Yumi"}
# Hepburn long vowels the press sometimes writes: an alias of kind "transliteration".
JP_MACRON = {"Sato": "Satō", "Ito": "Itō", "Kato": "Katō", "Saito": "Saitō", "Goto": "Gotō", "Kondo": "Kondō",
             "Endo": "Endō", "Ando": "Andō", "Ota": "Ōta", "Ono": "Ōno", "Kono": "Kōno", "Kudo": "Kudō",
             "Otsuka": "Ōtsuka", "Onishi": "Ōnishi", "Oda": "Ōda"}

# --- organisation pools ---------------------------------------------------------------------
# (en, local name, acronym); local is vi for VN, ja for JP.

VN_MINISTRIES = [
    ("Ministry of Information and Communications", "Bộ Thông tin và Truyền thông", "MIC"),
    ("Ministry of Science and Technology", "Bộ Khoa học và Công nghệ", "MOST"),
    ("Ministry of Planning and Investment", "Bộ Kế hoạch và Đầu tư", "MPI"),
    ("Ministry of Industry and Trade", "Bộ Công Thương", "MOIT"),
    ("Ministry of Education and Training", "Bộ Giáo dục và Đào tạo", "MOET"),
    ("Ministry of Finance", "Bộ Tài chính", "MOF"),
    ("Ministry of Foreign Affairs", "Bộ Ngoại giao", "MOFA"),
    ("Ministry of Public Security", "Bộ Công an", "MPS"),
    ("Ministry of Transport", "Bộ Giao thông Vận tải", "MOT"),
    ("Ministry of Health", "Bộ Y tế", "MOH"),
    ("Ministry of Home Affairs", "Bộ Nội vụ", "MOHA"),
    ("Ministry of Natural Resources and Environment", "Bộ Tài nguyên và Môi trường", "MONRE"),
]
VN_OTHER_BODIES = [
    ("Government Office", "Văn phòng Chính phủ", "VPCP", "agency"),
    ("State Bank of Viet Nam", "Ngân hàng Nhà nước Việt Nam", "SBV", "agency"),
    ("Viettel Group", "Tập đoàn Công nghiệp - Viễn thông Quân đội", "Viettel", "company"),
    ("Vietnam Posts and Telecommunications Group", "Tập đoàn Bưu chính Viễn thông Việt Nam", "VNPT", "company"),
    ("FPT Corporation", "Tập đoàn FPT", "FPT", "company"),
    ("Vietnam Post Corporation", "Tổng công ty Bưu điện Việt Nam", "VNPost", "company"),
    ("Vietnam Television", "Đài Truyền hình Việt Nam", "VTV", "company"),
    ("Voice of Vietnam", "Đài Tiếng nói Việt Nam", "VOV", "company"),
    ("Hanoi University of Science and Technology", "Đại học Bách khoa Hà Nội", "HUST", "university"),
    ("Posts and Telecommunications Institute of Technology", "Học viện Công nghệ Bưu chính Viễn thông", "PTIT",
     "university"),
]
VN_PROVINCES = [("Hanoi", "Hà Nội"), ("Ho Chi Minh City", "Thành phố Hồ Chí Minh"), ("Da Nang", "Đà Nẵng"),
                ("Hai Phong", "Hải Phòng"), ("Can Tho", "Cần Thơ"), ("Quang Ninh", "Quảng Ninh"),
                ("Bac Ninh", "Bắc Ninh"), ("Thua Thien Hue", "Thừa Thiên Huế"), ("Khanh Hoa", "Khánh Hòa"),
                ("Binh Duong", "Bình Dương"), ("Dong Nai", "Đồng Nai"), ("Nghe An", "Nghệ An"),
                ("Thanh Hoa", "Thanh Hóa"), ("Hai Duong", "Hải Dương"), ("Lam Dong", "Lâm Đồng"),
                ("Vinh Phuc", "Vĩnh Phúc"), ("Quang Nam", "Quảng Nam"), ("Binh Dinh", "Bình Định"),
                ("Long An", "Long An"), ("Thai Nguyen", "Thái Nguyên")]
VN_COMPANY_A = ["Sao Mai", "Hòa Bình", "Thành Công", "Hưng Thịnh", "Phú Quý", "Tân Tiến", "Đại Việt", "Hồng Hà",
                "Trường Sơn", "Cửu Long", "Sông Hàn", "Tây Nguyên", "Bạch Đằng", "Lạc Hồng", "Phương Nam",
                "Kim Long", "Bảo Minh", "Ánh Dương", "Thiên Long", "Việt Á"]
JP_MINISTRIES = [
    ("Ministry of Internal Affairs and Communications", "総務省", "MIC"),
    ("Ministry of Economy, Trade and Industry", "経済産業省", "METI"),
    ("Ministry of Foreign Affairs of Japan", "外務省", "MOFA"),
    ("Ministry of Education, Culture, Sports, Science and Technology", "文部科学省", "MEXT"),
    ("Ministry of Land, Infrastructure, Transport and Tourism", "国土交通省", "MLIT"),
    ("Ministry of Health, Labour and Welfare", "厚生労働省", "MHLW"),
    ("Ministry of Finance of Japan", "財務省", "MOF"),
    ("Cabinet Office", "内閣府", "CAO"),
]
JP_OTHER_BODIES = [
    ("Digital Agency", "デジタル庁", "DA", "agency"),
    ("Japan International Cooperation Agency", "国際協力機構", "JICA", "agency"),
    ("Japan External Trade Organization", "日本貿易振興機構", "JETRO", "agency"),
    ("National Institute of Information and Communications Technology", "情報通信研究機構", "NICT", "agency"),
    ("Information-technology Promotion Agency", "情報処理推進機構", "IPA", "agency"),
    ("Nippon Telegraph and Telephone Corporation", "日本電信電話", "NTT", "company"),
    ("KDDI Corporation", "KDDI", "KDDI", "company"),
    ("SoftBank Corp.", "ソフトバンク", "SoftBank", "company"),
    ("NEC Corporation", "日本電気", "NEC", "company"),
    ("Fujitsu Limited", "富士通", "Fujitsu", "company"),
    ("Hitachi, Ltd.", "日立製作所", "Hitachi", "company"),
    ("Japan Broadcasting Corporation", "日本放送協会", "NHK", "company"),
    ("Japan Post Co., Ltd.", "日本郵便", "JP Post", "company"),
    ("The University of Tokyo", "東京大学", "UTokyo", "university"),
    ("Kyoto University", "京都大学", "KyotoU", "university"),
]
JP_PREFECTURES = [("Tokyo", "東京都"), ("Osaka", "大阪府"), ("Kanagawa", "神奈川県"), ("Aichi", "愛知県"),
                  ("Fukuoka", "福岡県"), ("Hokkaido", "北海道"), ("Hyogo", "兵庫県"), ("Kyoto", "京都府"),
                  ("Hiroshima", "広島県"), ("Miyagi", "宮城県"), ("Shizuoka", "静岡県"), ("Niigata", "新潟県"),
                  ("Okayama", "岡山県"), ("Kumamoto", "熊本県"), ("Kagoshima", "鹿児島県"), ("Nagano", "長野県"),
                  ("Gifu", "岐阜県"), ("Mie", "三重県"), ("Ibaraki", "茨城県"), ("Saitama", "埼玉県")]
JP_COMPANY_A = ["Sakura", "Fuji", "Asahi", "Hikari", "Yamato", "Nippon", "Kansai", "Tohoku", "Chubu", "Kyushu",
                "Shinsei", "Daiichi", "Toyo", "Heisei", "Reiwa", "Minato", "Aoba", "Tsubasa", "Kizuna", "Mirai"]
SECTORS = [("Software", "Phần mềm"), ("Telecom", "Viễn thông"), ("Digital", "Công nghệ số"), ("Data", "Dữ liệu"),
           ("Semiconductor", "Bán dẫn"), ("Cloud", "Điện toán đám mây"), ("Cybersecurity", "An ninh mạng"),
           ("Media", "Truyền thông"), ("Electronics", "Điện tử"), ("Systems", "Hệ thống"), ("Networks", "Mạng"),
           ("AI", "Trí tuệ nhân tạo")]
COMPANY_FORMS = {"VN": [("JSC", "Công ty Cổ phần"), ("Group", "Tập đoàn"), ("Co., Ltd.", "Công ty TNHH")],
                 "JP": [("Co., Ltd.", "株式会社"), ("Corporation", "株式会社"), ("Holdings", "ホールディングス")]}

DEPARTMENTS = {
    ("VN", "ministry"): [("International Cooperation Department", "Vụ Hợp tác quốc tế"),
                         ("Department of Science and Technology", "Vụ Khoa học và Công nghệ"),
                         ("Legal Department", "Vụ Pháp chế"),
                         ("Planning and Finance Department", "Vụ Kế hoạch - Tài chính"),
                         ("National Digital Transformation Agency", "Cục Chuyển đổi số quốc gia"),
                         ("Authority of Information Security", "Cục An toàn thông tin"),
                         ("Authority of Telecommunications", "Cục Viễn thông"),
                         ("Authority of Radio Frequency Management", "Cục Tần số vô tuyến điện"),
                         ("Department of Personnel and Organization", "Vụ Tổ chức cán bộ"),
                         ("Institute for Strategy and Policy", "Viện Chiến lược")],
    ("VN", "agency"): [("International Cooperation Department", "Vụ Hợp tác quốc tế"),
                       ("Department of Information Technology", "Cục Công nghệ thông tin")],
    ("VN", "province"): [("Department of Information and Communications", "Sở Thông tin và Truyền thông"),
                         ("Department of Foreign Affairs", "Sở Ngoại vụ"),
                         ("Department of Planning and Investment", "Sở Kế hoạch và Đầu tư")],
    ("VN", "company"): [("International Business Division", "Ban Kinh doanh quốc tế"),
                        ("Research and Development Center", "Trung tâm Nghiên cứu và Phát triển"),
                        ("Digital Solutions Division", "Khối Giải pháp số")],
    ("VN", "university"): [("School of Information and Communications Technology", "Trường Công nghệ Thông tin và Truyền thông"),
                           ("International Cooperation Office", "Phòng Hợp tác quốc tế")],
    ("JP", "ministry"): [("Global Strategy Bureau", "国際戦略局"), ("Telecommunications Bureau", "総合通信基盤局"),
                         ("Information and Communications Bureau", "情報流通行政局"),
                         ("Minister's Secretariat", "大臣官房"), ("International Cooperation Division", "国際協力課"),
                         ("Cybersecurity Division", "サイバーセキュリティ課"), ("Trade Policy Bureau", "通商政策局"),
                         ("Commerce and Information Policy Bureau", "商務情報政策局"),
                         ("Southeast Asia Division", "東南アジア課")],
    ("JP", "agency"): [("Southeast Asia Department", "東南アジア部"), ("Digital Infrastructure Group", "デジタル基盤グループ"),
                       ("Research Department", "研究部")],
    ("JP", "province"): [("International Affairs Division", "国際課"),
                         ("Digital Transformation Promotion Division", "デジタル推進課")],
    ("JP", "company"): [("Global Business Division", "グローバル事業本部"), ("Research and Development Center", "研究開発センター"),
                        ("Asia Pacific Office", "アジア太平洋オフィス")],
    ("JP", "university"): [("Graduate School of Information Science and Technology", "情報理工学系研究科"),
                           ("International Affairs Office", "国際交流室")],
}
CITIES = {"VN": ["Hanoi", "Hanoi", "Hanoi", "Ho Chi Minh City", "Da Nang", "Hai Phong", "Can Tho", "Ha Long"],
          "JP": ["Tokyo", "Tokyo", "Tokyo", "Osaka", "Yokohama", "Nagoya", "Fukuoka", "Kyoto", "Sapporo"]}
VENUES = {"VN": ["Headquarters of the Ministry of Information and Communications", "National Convention Center",
                 "Government Guest House", "Melia Hotel Hanoi"],
          "JP": ["Ministry of Internal Affairs and Communications, Kasumigaseki", "Iikura Guest House",
                 "Prime Minister's Office", "Tokyo International Forum"]}
PUBLISHERS = {"vi": [("Vietnam News Agency (VNA)", "press"), ("Nhân Dân", "press"), ("VnExpress", "press"),
                     ("Cổng thông tin điện tử Bộ Thông tin và Truyền thông", "official")],
              "en": [("Vietnam News Agency (VNA)", "press"), ("Vietnam Investment Review", "press"),
                     ("Ministry of Internal Affairs and Communications (Japan)", "official"),
                     ("Nikkei Asia", "press"), ("Ministry of Information and Communications (Viet Nam)", "official")],
              "ja": [("総務省", "official"), ("日本経済新聞", "press"), ("共同通信", "press")],
              "fr": [("Le Courrier du Vietnam", "press"), ("Vietnam News Agency (VNA)", "press")]}
ACTIONS = ["share experience on", "support Viet Nam in", "exchange information on", "organize training courses on",
           "conduct a joint study on", "promote investment in", "send experts to advise on",
           "prepare a pilot project in", "draft a cooperation plan for", "hold a seminar on"]
UPDATE_NOTES = ["Discussed again at the working-group meeting.", "The first training course was held.",
                "Experts were sent; a report is awaited.", "Funding was approved.", "The other side has not replied.",
                "Completed as planned.", "Postponed by the other side.", "Superseded by a later agreement."]
STATUS_PATHS = [([]), (["in_progress"]), (["in_progress", "done"]), (["done"]), (["dropped"]),
                (["in_progress", "in_progress", "done"]), (["in_progress", "dropped"]),
                (["in_progress", "in_progress"])]
STATUS_WEIGHTS = [38, 22, 14, 8, 3, 7, 3, 5]
MEETING_KINDS = [("bilateral_talks", 30), ("courtesy_call", 20), ("working_group", 25), ("delegation_visit", 15),
                 ("conference", 10)]
ORDINAL = {1: "First", 2: "Second", 3: "Third", 4: "Fourth", 5: "Fifth", 6: "Sixth", 7: "Seventh", 8: "Eighth",
           9: "Ninth", 10: "Tenth"}


# --- YAML emission (hand-formatted: fast, byte-stable, in the bundled files' style) ----------


class Plain(str):
    """A scalar written as is (dates)."""


_PLAIN = re.compile(r"^[A-Za-z\u00c0-\U0010ffff][^:#\[\]{},&*!|>'\"%@`\\\x00-\x1f\x7f]*$")
_SPECIAL = {"y", "yes", "n", "no", "true", "false", "on", "off", "null", "~"}


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Plain):
        return str(value)
    if _PLAIN.match(value) and value == value.strip() and value.lower() not in _SPECIAL:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def key(name: str) -> str:
    """A mapping key; `on`, `no`... are booleans in YAML 1.1, so they are quoted."""
    return scalar(name)


def flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


FLOW_ITEMS = {"participants", "signatories", "updates"}  # lists of small mappings written one per line


def emit_record(record: dict, indent: str, out: list[str]) -> None:
    """A mapping as a block-sequence item: '<indent>- k: v' then '<indent>  k: v'."""
    first = True
    for name, value in record.items():
        lead = indent + ("- " if first else "  ")
        first = False
        if isinstance(value, list) and value and isinstance(value[0], dict):
            out.append(f"{lead}{key(name)}:\n")
            inner = indent + "    "
            for item in value:
                if name in FLOW_ITEMS:
                    out.append(f"{inner}- {flow(item)}\n")
                else:
                    emit_record(item, inner, out)
        else:
            out.append(f"{lead}{key(name)}: {flow(value)}\n")


def loader_limits() -> tuple[int, int | None]:
    """The loader's per-file limits (bytes, values), read from briefgen so that files stay under them."""
    try:
        from briefgen import yamlfile
    except ImportError:  # briefgen not installed: its limits as of writing
        return 2 * 1024 * 1024, 100_000
    return yamlfile.MAX_FILE_BYTES, getattr(yamlfile, "MAX_NODES", None)


def count_nodes(value: Any) -> int:
    """YAML nodes the value makes, keys included (what the loader's MAX_NODES counts)."""
    if isinstance(value, dict):
        return 1 + sum(1 + count_nodes(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(count_nodes(v) for v in value)
    return 1


def write_collection(root: Path, stem: str, collection: str, records: list[dict], comment: str,
                     written: list[Path]) -> None:
    """Write records under `collection:` into stem.yaml, or stem-01.yaml... when over the budget."""
    max_bytes, max_nodes = loader_limits()
    byte_budget = int(max_bytes * LIMIT_SHARE) - 200
    node_budget = int(max_nodes * LIMIT_SHARE) - 3 if max_nodes else None
    chunks: list[list[str]] = []
    current: list[str] = []
    size = nodes = 0
    for record in records:
        lines: list[str] = []
        emit_record(record, "  ", lines)
        text = "".join(lines)
        n = len(text.encode("utf-8")) + 1
        k = count_nodes(record) if node_budget else 0
        if current and (size + n > byte_budget or (node_budget and nodes + k > node_budget)):
            chunks.append(current)
            current, size, nodes = [], 0, 0
        current.append(text)
        size += n
        nodes += k
    if current:
        chunks.append(current)
    for i, chunk in enumerate(chunks, start=1):
        name = f"{stem}.yaml" if len(chunks) == 1 else f"{stem}-{i:02d}.yaml"
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        body = f"# {comment}\n{collection}:\n" + "\n".join(chunk)
        path.write_bytes(body.encode("utf-8"))
        written.append(path)


# --- helpers ----------------------------------------------------------------------------------


def fold(text: str) -> str:
    """ASCII without diacritics (đ → d)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")


def name_key(text: str) -> str:
    """As briefgen.checks.name_key: caseless, diacritics kept."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def lower_label(label: str) -> str:
    """'Digital transformation' -> 'digital transformation', but '5G' and 'ICT' stay."""
    return " ".join(w if w[0].isdigit() or any(c.isupper() for c in w[1:]) else w.lower() for w in label.split())


_HEADS = {"Minister", "Chairman", "Governor", "President", "Rector", "Head"}


def seniority(post: Post) -> int:
    """0 for the head of a body, then deputies, department heads, others (for who leads a side)."""
    if post.org.kind != "department":
        return 0 if post.short_title in _HEADS else 1
    return 2 if post.short_title in ("Director-General", "General Manager", "Dean", "Director") else 3


def iso(day: dt.date) -> str:
    return day.isoformat()


def partial(day: dt.date, precision: str) -> Plain:
    if precision == "year":
        return Plain(f"{day.year:04d}")
    if precision == "month":
        return Plain(f"{day.year:04d}-{day.month:02d}")
    return Plain(day.isoformat())


def month_end(day: dt.date) -> dt.date:
    nxt = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def day_between(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return dt.date.fromordinal(rng.randint(lo.toordinal(), hi.toordinal()))


# --- the model being generated ------------------------------------------------------------------


@dataclass
class Org:
    id: str
    country: str
    kind: str  # ministry | agency | province | company | university | department
    en: str
    local: str | None
    acronym: str | None = None
    parent: Org | None = None
    top: Org | None = None  # itself for a top-level body
    weight: float = 1.0
    depts: list[Org] = field(default_factory=list)
    partners: list[Org] = field(default_factory=list)  # preferred counterpart bodies
    succeeded_by: tuple[str, dt.date] | None = None
    short: str = ""  # for titles: "Information and Communications" etc.
    seat: list[tuple[dt.date, dt.date]] = field(default_factory=list)  # tenures of its one head

    def seat_free(self, lo: dt.date, hi: dt.date) -> bool:
        return all(hi < a or lo > b for a, b in self.seat)


@dataclass
class Post:
    person: int
    org: Org
    title: str
    short_title: str | None
    lo: dt.date  # the real tenure (internal)
    hi: dt.date
    start: Plain | None  # as written
    end: Plain | None
    open: bool


@dataclass
class PersonGen:
    index: int
    country: str
    family: str
    middle: str | None
    given: str
    native: str
    female: bool
    id: str = ""
    posts: list[Post] = field(default_factory=list)
    aliases: list[dict] = field(default_factory=list)
    disambiguation: str | None = None
    meetings: int = 0

    def full(self, capitals: bool = True) -> str:
        if self.country == "JP":
            return f"{self.family.upper() if capitals else self.family} {self.given}"
        return " ".join(p for p in (self.family, self.middle, self.given) if p)


class Generator:
    def __init__(self, size: str, seed: int):
        if size not in SIZES:
            raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
        self.size = size
        self.p = SIZES[size]
        self.seed = seed
        self.rng = random.Random(f"briefgen-bench:{size}:{seed}")
        bundled = REPO / "examples" / "vn-jp-ict"
        if not (bundled / "fields.yaml").is_file():
            from briefgen.resources import bundled_dataset_dir

            bundled = bundled_dataset_dir()
        self.bundled = bundled
        fields = yaml.safe_load((bundled / "fields.yaml").read_text(encoding="utf-8"))["fields"]
        self.fields = [(f["id"], f["labels"]["en"]) for f in fields]
        self.field_label = dict(self.fields)
        self.orgs: list[Org] = []
        self.org_ids: set[str] = set()
        self.people: list[PersonGen] = []
        self.posts: list[Post] = []
        self.sources: list[dict] = []
        self.directory: dict[tuple[str, int], str] = {}
        self.reports: dict[tuple[int, int], str] = {}

    # -- organisations --------------------------------------------------------------------

    def _org_id(self, text: str) -> str:
        base = slug(text)[:60].strip("-") or "org"
        candidate, n = base, 2
        while candidate in self.org_ids:
            candidate, n = f"{base}-{n}", n + 1
        self.org_ids.add(candidate)
        return candidate

    def _top(self, country: str, kind: str, en: str, local: str | None, acronym: str | None, weight: float,
             short: str = "") -> Org:
        cc = country.lower()
        org = Org(self._org_id(f"{cc}-{acronym or en}"), country, kind, en, local, acronym, weight=weight,
                  short=short)
        org.top = org
        self.orgs.append(org)
        return org

    def _tops_for(self, country: str, count: int) -> list[Org]:
        rng = self.rng
        tops: list[Org] = []
        ministries = VN_MINISTRIES if country == "VN" else JP_MINISTRIES
        others = VN_OTHER_BODIES if country == "VN" else JP_OTHER_BODIES
        provinces = VN_PROVINCES if country == "VN" else JP_PREFECTURES
        pools: list[tuple[str, str, str | None, str | None, str]] = []
        for en, local, acr in ministries:
            pools.append(("ministry", en, local, acr, ""))
        for en, local, acr, kind in others:
            pools.append((kind, en, local, acr, ""))
        for en, local in provinces:
            if country == "VN":
                pools.append(("province", f"People's Committee of {en}", f"Ủy ban nhân dân {local}", None, en))
            else:
                pools.append(("province", f"{en} Prefectural Government" if en not in ("Tokyo", "Hokkaido")
                              else f"{en} {'Metropolitan' if en == 'Tokyo' else 'Prefectural'} Government",
                              local, None, en))
        # The ICT ministry, then companies interleaved with the other bodies.
        first, rest = pools[0], pools[1:]
        companies = [p for p in rest if p[0] == "company"]
        rest = [p for p in rest if p[0] != "company"]
        ordered = [first]
        while companies or rest:
            for queue in (companies, rest):
                if queue:
                    ordered.append(queue.pop(0))
        weights = {"ministry": 4.0, "agency": 3.0, "company": 2.0, "province": 1.5, "university": 1.0}
        for kind, en, local, acr, short in ordered[:count]:
            tops.append(self._top(country, kind, en, local, acr, weights[kind] * (3 if not tops else 1), short))
        # Synthesised companies for the big sizes.
        letters = VN_COMPANY_A if country == "VN" else JP_COMPANY_A
        combos = [(a, s, f) for f in COMPANY_FORMS[country] for a in letters for s in SECTORS]
        rng.shuffle(combos)
        cities = CITIES[country]
        i = 0
        while len(tops) < count:
            a, (sector_en, sector_vi), (form_en, form_local) = combos[i % len(combos)]
            city = "" if i < len(combos) else f" {cities[(i // len(combos)) % len(cities)]}"
            round_ = i // (len(combos) * len(cities))
            suffix = f" {round_ + 1}" if round_ else ""
            en = f"{fold(a) if country == 'VN' else a} {sector_en}{city}{suffix} {form_en}"
            if country == "VN":
                local = f"{form_local} {sector_vi} {a}{city}{suffix}"
            else:
                local = None
            tops.append(self._top(country, "company", en, local, None, 1.0))
            i += 1
        return tops

    def _departments(self, top: Org) -> None:
        rng = self.rng
        pool = DEPARTMENTS[(top.country, top.kind)]
        n = {"ministry": (3, 6), "agency": (1, 3), "province": (1, 2), "company": (1, 3), "university": (1, 2)}[top.kind]
        count = min(len(pool), rng.randint(*n))
        for en, local in (pool[:1] + rng.sample(pool[1:], count - 1)):
            local_parent = top.local or top.en
            dept = Org(self._org_id(f"{top.id}-{slug(en)[:30]}"), top.country, "department",
                       f"{en}, {top.en}", f"{local}, {local_parent}" if top.local else None, parent=top, top=top,
                       weight=top.weight)
            top.depts.append(dept)
            self.orgs.append(dept)

    def make_orgs(self) -> None:
        tops = {c: self._tops_for(c, self.p.tops) for c in ("VN", "JP")}
        for c in ("VN", "JP"):
            for top in tops[c]:
                self._departments(top)
        rng = self.rng
        for vn in tops["VN"]:
            vn.partners = rng.sample(tops["JP"], min(len(tops["JP"]), rng.randint(1, 3)))
        for jp in tops["JP"]:
            jp.partners = rng.sample(tops["VN"], min(len(tops["VN"]), rng.randint(1, 3)))
        self.tops = tops
        # A few bodies were renamed or merged into another (history the brief warns about).
        for c in ("VN", "JP"):
            candidates = [t for t in tops[c][1:] if t.kind in ("company", "agency")]
            for org in candidates[: max(0, len(tops[c]) // 40)]:
                successor = rng.choice([t for t in tops[c] if t is not org])
                org.succeeded_by = (successor.id, day_between(rng, dt.date(2005, 1, 1), dt.date(2023, 12, 31)))

    # -- people ---------------------------------------------------------------------------

    def _draw_name(self, country: str, used: dict[str, int]) -> tuple[str, str | None, str, str, bool]:
        rng = self.rng
        for attempt in range(40):
            if country == "VN":
                family, middle, given = rng.choice(VN_FAMILY), rng.choice(VN_MIDDLE), rng.choice(VN_GIVEN)
                female = middle == "Thị" or given in {"Lan", "Hương", "Linh", "Hạnh", "Hoa", "Loan", "My", "Nga",
                                                      "Ngân", "Nhung", "Quyên", "Thảo", "Thủy", "Trang", "Vân",
                                                      "Yến", "Hiền", "Oanh", "Thư", "Uyên", "Hằng", "Dung",
                                                      "Tuyết", "Chi"}
                native = f"{family} {middle} {given}"
                full = native
            else:
                (family, fk), (given, gk) = rng.choice(JP_FAMILY), rng.choice(JP_GIVEN)
                middle, female, native = None, given in JP_FEMALE, fk + gk
                full = f"{family} {given}"
            key = name_key(full)
            # Mostly unique names; about one person in 150 is a namesake (curated with `disambiguation`).
            if key not in used or (attempt == 0 and rng.random() < 1 / 150):
                used[key] = used.get(key, 0) + 1
                return family, middle, given, native, female
        used[key] = used.get(key, 0) + 1
        return family, middle, given, native, female

    def _title(self, org: Org, senior: bool) -> tuple[str, str | None]:
        top = org.top
        if org.kind == "department":
            dept = org.en.split(", ")[0]
            if top.kind == "ministry" or top.kind == "agency":
                return ((f"Director-General of the {dept}", "Director-General") if senior else
                        self.rng.choice([(f"Deputy Director-General of the {dept}", "Deputy Director-General"),
                                         (f"Director, {dept}", "Director"), (f"Official, {dept}", None)]))
            if top.kind == "company":
                return (f"General Manager, {dept}", "General Manager") if senior else (f"Manager, {dept}", "Manager")
            if top.kind == "university":
                return (f"Dean, {dept}", "Dean") if senior else (f"Professor, {dept}", "Professor")
            return (f"Director of the {dept}", "Director") if senior else (f"Deputy Director of the {dept}",
                                                                            "Deputy Director")
        if org.kind == "ministry":
            rest = org.en.removeprefix("Ministry of ").removesuffix(" of Japan")
            if senior:
                return f"Minister of {rest}", "Minister"
            return (f"Deputy Minister of {rest}", "Deputy Minister") if org.country == "VN" else \
                (f"Vice-Minister of {rest}", "Vice-Minister")
        if org.kind == "province":
            if org.country == "VN":
                return ((f"Chairman of the {org.en}", "Chairman") if senior else
                        (f"Vice Chairman of the {org.en}", "Vice Chairman"))
            return (f"Governor of {org.short}", "Governor") if senior else (f"Vice-Governor of {org.short}",
                                                                             "Vice-Governor")
        if org.kind == "company":
            return (f"President and CEO, {org.en}", "President") if senior else (
                f"Executive Vice President, {org.en}", "Vice President")
        if org.kind == "university":
            word = "Rector" if org.country == "VN" else "President"
            return (f"{word} of {org.en}", word) if senior else (f"Vice-{word} of {org.en}", f"Vice-{word}")
        return (f"Head of the {org.en}", "Head") if senior else (f"Deputy Head of the {org.en}", "Deputy Head")

    def _written(self, day: dt.date, is_end: bool) -> Plain | None:
        r = self.rng.random()
        if r < 0.60:
            return partial(day, "month")
        if r < 0.85:
            return partial(day, "day")
        if r < 0.95:
            return partial(day, "year")
        return None  # not stated by the sources

    def _directory_source(self, country: str, year: int) -> str:
        key = (country, year)
        if key not in self.directory:
            sid = f"s-dir-{country.lower()}-{year}"
            self.directory[key] = sid
            self.sources.append({
                "id": sid,
                "title": (f"Government directory of Viet Nam, {year} edition" if country == "VN"
                          else f"Directory of Japanese government officials, {year} edition"),
                "publisher": "Government Office of Viet Nam" if country == "VN" else "Cabinet Office of Japan",
                "language": "vi" if country == "VN" else "ja",
                "published": partial(dt.date(year, 1, 15), "day"),
                "url": f"https://directory.example.org/{country.lower()}/{year}",
                "reliability": "official",
            })
        return self.directory[key]

    def make_people(self) -> None:
        rng = self.rng
        used: dict[str, int] = {}
        for i in range(self.p.people):
            country = "VN" if i % 2 == 0 else "JP"
            family, middle, given, native, female = self._draw_name(country, used)
            self.people.append(PersonGen(i, country, family, middle, given, native, female))
        # Careers: 1-4 posts, mostly in one body (department then the top), tenures of 2-8 years.
        for person in self.people:
            tops = self.tops[person.country]
            home = rng.choices(tops, weights=[t.weight for t in tops])[0]
            n_posts = rng.choices([1, 2, 3, 4], weights=[30, 35, 25, 10])[0]
            day = day_between(rng, CAREER_START, dt.date(2023, 6, 30))
            undated = rng.random() < 0.04  # sources give the post but no dates at all
            for k in range(n_posts):
                senior = k == n_posts - 1 and rng.random() < 0.5
                if rng.random() < 0.1:
                    body = rng.choice(tops)
                else:
                    body = home
                org = body if (senior and rng.random() < 0.5) or not body.depts else rng.choice(body.depts)
                if rng.random() < 0.2:
                    org = body
                tenure = rng.randint(700, 2900)
                lo = day
                hi = day + dt.timedelta(days=tenure)
                last = k == n_posts - 1
                is_open = hi >= LAST_DAY or (last and rng.random() < 0.5)
                if is_open:
                    hi = LAST_DAY
                head = senior or (org.kind == "department" and rng.random() < 0.3)
                if head and org.kind != "department":  # a body has one minister, governor, president...
                    head = org.seat_free(lo, hi)
                    if head:
                        org.seat.append((lo, hi))
                title, short = self._title(org, head)
                post = Post(person.index, org, title, short, lo, hi,
                            None if undated else self._written(lo, False),
                            None if undated or is_open else self._written(hi, True), is_open)
                person.posts.append(post)
                self.posts.append(post)
                if is_open:
                    break
                day = hi + dt.timedelta(days=rng.randint(1, 60))
                if day >= dt.date(2025, 6, 30):
                    break
        # Ids and namesakes.
        by_key: dict[str, list[PersonGen]] = {}
        for person in self.people:
            by_key.setdefault(name_key(person.full(False)), []).append(person)
        ids: set[str] = set()
        for person in self.people:
            base = slug(person.full(False))
            candidate, n = base, 2
            while candidate in ids:
                candidate, n = f"{base}-{n}", n + 1
            ids.add(candidate)
            person.id = candidate
        for group in by_key.values():
            if len(group) > 1:
                for person in group:
                    last = person.posts[-1]
                    since = f" since {last.lo.year}" if last.start else ""
                    person.disambiguation = f"{last.title}{since}; a namesake is {', '.join(p.id for p in group if p is not person)}."
        self.namesakes = {p.index for g in by_key.values() if len(g) > 1 for p in g}
        # Aliases: no alias may be a name, or another person's alias (briefgen check refuses both).
        names = set(by_key)
        alias_owner: dict[str, int] = {}
        for person in self.people:
            if person.index in self.namesakes:
                continue
            src = self._directory_source(person.country, person.posts[0].lo.year)
            candidates = []
            if person.country == "VN":
                plain = fold(person.full(False))
                if plain != person.full(False):
                    candidates.append((plain, "no_diacritics", "en", "The spelling of English-language sources, without diacritics."))
                if rng.random() < 0.15:
                    partial_marks = f"{fold(person.family)} {person.middle} {person.given}"
                    candidates.append((partial_marks, "misspelling", "fr", "Some French-language sources drop part of the diacritics."))
            else:
                candidates.append((f"{person.given} {person.family}", "other_order", "en",
                                   "Given name first, as much foreign press writes Japanese names."))
                if person.family in JP_MACRON and rng.random() < 0.5:
                    candidates.append((f"{JP_MACRON[person.family]} {person.given}", "transliteration", "en",
                                       "Hepburn romanization with the long vowel marked."))
            for text, kind, lang, why in candidates:
                key = name_key(text)
                if key in names or alias_owner.get(key, person.index) != person.index:
                    continue
                alias_owner[key] = person.index
                alias = {"text": text, "kind": kind, "lang": lang, "why": why}
                if rng.random() < 0.7:
                    alias["sources"] = [src]
                person.aliases.append(alias)

    # -- meetings, agreements, commitments ------------------------------------------------

    def _index_posts(self) -> None:
        self.active: dict[tuple[int, str], list[Post]] = {}
        self.active_top: dict[tuple[int, str], list[Post]] = {}
        for post in self.posts:
            for year in range(max(post.lo.year, FIRST_DAY.year), post.hi.year + 1):
                self.active.setdefault((year, post.org.country), []).append(post)
                self.active_top.setdefault((year, post.org.top.id), []).append(post)

    def _pick(self, pool: list[Post] | None, day: dt.date, exclude: set[int], tries: int = 12) -> Post | None:
        if not pool:
            return None
        rng = self.rng
        for _ in range(tries):
            post = pool[rng.randrange(len(pool))]
            if post.lo <= day <= post.hi and post.person not in exclude:
                return post
        return None

    def _source(self, sid: str, title: str, day: dt.date, kind: str = "report") -> dict:
        rng = self.rng
        lang = rng.choices(["en", "vi", "ja", "fr"], weights=[45, 35, 15, 5])[0]
        publisher, reliability = rng.choice(PUBLISHERS[lang])
        if rng.random() < 0.04:
            reliability = "machine_translation"
        published_day = min(LAST_DAY, day + dt.timedelta(days=rng.randint(0, 10)))
        precision = "day" if rng.random() < 0.92 else "month"
        record = {"id": sid, "title": title, "publisher": publisher, "language": lang,
                  "published": partial(published_day, precision),
                  "url": f"https://news.example.org/{published_day.year}/{sid}", "reliability": reliability}
        if reliability == "machine_translation":
            record["note"] = "A machine translation; names and titles need confirming."
        self.sources.append(record)
        return record

    def make_meetings(self) -> None:
        rng = self.rng
        self._index_posts()
        years = list(range(FIRST_DAY.year, LAST_DAY.year + 1))
        weights = [1 + (y - FIRST_DAY.year) / 10 for y in years]  # the dataset grows over the decades
        people = self.people
        drafts = []
        while len(drafts) < self.p.meetings:
            year = rng.choices(years, weights=weights)[0]
            day = day_between(rng, dt.date(year, 1, 1), min(dt.date(year, 12, 31), dt.date(2025, 12, 20)))
            vn_head = self._pick(self.active.get((year, "VN")), day, set(), 40)
            if vn_head is None:
                continue
            jp_head = None
            if rng.random() < 0.7:
                partner = rng.choice(vn_head.org.top.partners)
                jp_head = self._pick(self.active_top.get((year, partner.id)), day, set())
            jp_head = jp_head or self._pick(self.active.get((year, "JP")), day, set(), 40)
            if jp_head is None:
                continue
            chosen = [vn_head, jp_head]
            taken = {vn_head.person, jp_head.person}
            for head in (vn_head, jp_head):
                for _ in range(rng.choices([0, 1, 2, 3], weights=[35, 35, 20, 10])[0]):
                    extra = self._pick(self.active_top.get((year, head.org.top.id)), day, taken, 4)
                    if extra:
                        chosen.append(extra)
                        taken.add(extra.person)
            vn_head = min((p for p in chosen if p.org.country == "VN"), key=seniority)
            jp_head = min((p for p in chosen if p.org.country == "JP"), key=seniority)
            drafts.append((day, vn_head, jp_head, chosen))
        drafts.sort(key=lambda d: (d[0], d[1].person, d[2].person))
        agreement_at = set(rng.sample(range(len(drafts)), min(self.p.agreements, len(drafts))))
        self.meetings: list[dict] = []
        self.meeting_days: list[dt.date] = []
        self.meeting_info: list[tuple[list[str], dict[str, str], list[str], str]] = []
        self.agreements: list[dict] = []
        self.agreement_info: list[tuple[dt.date, list[str], dict[str, str], list[str], str]] = []
        wg_count: dict[tuple[str, str], int] = {}
        field_ids = [f for f, _ in self.fields]
        for n, (day, vn_head, jp_head, chosen) in enumerate(drafts):
            mid = f"m-{iso(day)}-{n:06d}"
            host = "VN" if rng.random() < 0.55 else "JP"
            signing = n in agreement_at
            kind = "signing" if signing else rng.choices([k for k, _ in MEETING_KINDS],
                                                         weights=[w for _, w in MEETING_KINDS])[0]
            vn_p, jp_p = people[vn_head.person], people[jp_head.person]
            vn_name = f"{vn_head.short_title or vn_p.full()} {vn_p.full()}" if vn_head.short_title else vn_p.full()
            jp_name = f"{jp_head.short_title} {jp_p.full()}" if jp_head.short_title else jp_p.full()
            pair = (vn_head.org.top.id, jp_head.org.top.id)
            if kind == "working_group":
                wg_count[pair] = wg_count.get(pair, 0) + 1
                k = wg_count[pair]
                title = (f"{ORDINAL.get(k, f'{k}th')} meeting of the {vn_head.org.top.acronym or vn_head.org.top.en}"
                         f"–{jp_head.org.top.acronym or jp_head.org.top.en} joint working group")
            elif kind == "courtesy_call":
                title = f"{vn_name if host == 'VN' else jp_name} receives {jp_name if host == 'VN' else vn_name}"
            elif kind == "delegation_visit":
                guest = jp_head.org.top if host == "VN" else vn_head.org.top
                title = f"{vn_name if host == 'VN' else jp_name} receives the delegation of {guest.en}"
            elif kind == "signing":
                title = f"Signing ceremony between the {vn_head.org.top.en} and the {jp_head.org.top.en}"
            elif kind == "conference":
                title = f"Viet Nam–Japan {rng.choice(self.fields)[1]} Forum {day.year}"
            else:
                title = f"Talks between {vn_name} and {jp_name}"
            fields = sorted(rng.sample(field_ids, rng.randint(1, 5)), key=field_ids.index)
            labels = [lower_label(self.field_label[f]) for f in fields]
            orgs: list[str] = []
            for post in chosen:
                if post.org.id not in orgs and len(orgs) < 4:
                    orgs.append(post.org.id)
            for post in (vn_head, jp_head):  # both heads' bodies always meet
                if post.org.id not in orgs:
                    orgs.append(post.org.id)
            participants = []
            for post in chosen:
                person = people[post.person]
                person.meetings += 1
                entry: dict[str, Any] = {"person": person.id, "side": person.country}
                if post is vn_head:
                    entry["role"] = "host" if host == "VN" else "head of delegation"
                elif post is jp_head:
                    entry["role"] = "host" if host == "JP" else "head of delegation"
                entry["post"] = {"title": post.title, "org": post.org.id}
                participants.append(entry)
            precision = "day" if rng.random() < 0.93 else "month"
            record: dict[str, Any] = {"id": mid, "date": partial(day, precision)}
            if precision == "day" and rng.random() < 0.03:
                record["inferred"] = {"parts": ["year"], "reason": "The source gives only the day and month; "
                                      "the year is that of its own date line."}
            if rng.random() < (0.25 if day.year >= 2020 else 0.05):
                place: dict[str, Any] = {"online": True}
            else:
                place = {"city": rng.choice(CITIES[host]), "country": host}
                if rng.random() < 0.3:
                    place["venue"] = rng.choice(VENUES[host])
            record["place"] = place
            record["kind"] = kind
            record["title"] = title
            record["orgs"] = orgs
            record["participants"] = participants
            if rng.random() < 0.3:
                record["others"] = "and other officials of both sides"
            record["fields"] = fields
            record["summary"] = (
                f"The two sides reviewed cooperation since their last meeting and discussed {', '.join(labels)}. "
                f"The {'Vietnamese' if host == 'JP' else 'Japanese'} side presented its plans for {labels[0]} "
                f"and asked for continued support; both agreed to keep exchanging information and to follow up "
                f"through their focal points.")
            outcomes = [f"Agreed to continue cooperation on {label}." for label in labels[: rng.randint(0, 3)]]
            if outcomes:
                record["outcomes"] = outcomes
            src = self._source(f"s-{mid}", title, day)
            sources = [src["id"]]
            if rng.random() < 0.3:
                sources.append(self._source(f"s-{mid}-b", title, day)["id"])
            record["sources"] = sources
            self.meetings.append(record)
            self.meeting_days.append(day)
            # For commitments: the sides, each side's body, the fields, the first source.
            side_org = {"VN": vn_head.org.id, "JP": jp_head.org.id}
            self.meeting_info.append((fields, side_org, sources, mid))
            if signing:
                self._agreement(record, day, vn_head, jp_head, fields, sources)

    def _agreement(self, meeting: dict, day: dt.date, vn_head: Post, jp_head: Post, fields: list[str],
                   sources: list[str]) -> None:
        rng = self.rng
        kind = rng.choices(["moc", "mou", "agreement", "contract", "convention", "agreement_in_principle"],
                           weights=[40, 30, 15, 5, 5, 5])[0]
        vn_top, jp_top = vn_head.org.top, jp_head.org.top
        label = lower_label(self.field_label[fields[0]])
        name = {"moc": "Memorandum of Cooperation", "mou": "Memorandum of Understanding", "agreement": "Agreement",
                "contract": "Contract", "convention": "Convention",
                "agreement_in_principle": "Agreement in principle"}[kind]
        record: dict[str, Any] = {
            "id": f"a-{meeting['id'][2:]}", "kind": kind,
            "title": f"{name} between the {vn_top.en} and the {jp_top.en} on {label}",
            "parties": [vn_top.id, jp_top.id],
            "signatories": [{"person": self.people[vn_head.person].id, "side": "VN"},
                            {"person": self.people[jp_head.person].id, "side": "JP"}],
            "signed": meeting["date"],
        }
        if "inferred" in meeting:
            record["inferred"] = meeting["inferred"]
        if rng.random() < 0.5:
            record["valid_from"] = partial(day, "year")
        if rng.random() < 0.7:
            record["valid_until"] = Plain(str(day.year + rng.randint(2, 5)))
        record["fields"] = fields
        if rng.random() < 0.9:
            record["meeting"] = meeting["id"]
        record["sources"] = sources
        if rng.random() < 0.2:
            record["note"] = "No extension is recorded."
        self.agreements.append(record)
        side_org = {"VN": vn_top.id, "JP": jp_top.id}
        self.agreement_info.append((day, fields, side_org, sources, record["id"]))

    def _report(self, day: dt.date) -> str:
        key = (day.year, day.month)
        if key not in self.reports:
            sid = f"s-progress-{day.year}-{day.month:02d}"
            self.reports[key] = sid
            self.sources.append({
                "id": sid, "title": f"Viet Nam–Japan cooperation: follow-up of commitments, {day.year}-{day.month:02d}",
                "publisher": "International Cooperation Department (progress report)", "language": "en",
                "published": partial(month_end(day), "day"),
                "url": f"https://intranet.example.org/progress/{day.year}-{day.month:02d}", "reliability": "reference",
            })
        return self.reports[key]

    def make_commitments(self) -> None:
        rng = self.rng
        origins: list[tuple[str, dt.date, list[str], dict[str, str], list[str], str]] = []
        for (fields, side_org, sources, mid), day in zip(self.meeting_info, self.meeting_days):
            origins.append(("meeting", day, fields, side_org, sources, mid))
        for day, fields, side_org, sources, aid in self.agreement_info:
            origins.append(("agreement", day, fields, side_org, sources, aid))
        counts = [0] * len(origins)
        total = self.p.commitments
        for i in range(len(self.agreement_info)):  # every agreement carries at least one
            if total > 0:
                counts[len(self.meeting_info) + i] += 1
                total -= 1
        for _ in range(total):
            counts[rng.randrange(len(origins))] += 1
        self.commitments: list[tuple[dt.date, dict]] = []
        for (what, day, fields, side_org, sources, oid), count in zip(origins, counts):
            for j in range(count):
                kind = rng.choices(["undertaking", "joint", "request", "invitation"], weights=[35, 35, 25, 5])[0]
                side = rng.choice(["VN", "JP"])
                other = "JP" if side == "VN" else "VN"
                fid = rng.choice(fields)
                topic = lower_label(self.field_label[fid])
                country = {"VN": "Viet Nam", "JP": "Japan"}
                action = rng.choice(ACTIONS)
                if kind == "joint":
                    owed, text = ["VN", "JP"], f"Both sides will {action} {topic}."
                elif kind == "request":
                    owed, text = [side], f"{country[other]} asked {country[side]} to {action} {topic}."
                elif kind == "invitation":
                    owed, text = [side], (f"{country[side]} was invited to a {topic} event hosted by "
                                          f"{country[other]} and to send a speaker.")
                else:
                    owed, text = [side], f"{country[side]} will {action} {topic}."
                cid = f"c-{oid[2:]}-{j + 1}" if what == "meeting" else f"c-{oid}-{j + 1}"
                record: dict[str, Any] = {"id": cid, "text": text, "kind": kind, "owed_by": owed}
                if kind != "joint" and rng.random() < 0.4:
                    record["by_org"] = side_org[side]
                record["field"] = fid
                record["made_at"] = {what: oid}
                if rng.random() < 0.2:
                    due = day + dt.timedelta(days=rng.randint(90, 720))
                    record["due"] = partial(due, "month")
                path = rng.choices(STATUS_PATHS, weights=STATUS_WEIGHTS)[0]
                updates = []
                current = month_end(day)  # after the commitment, whatever its date's precision
                for status in path:
                    current = current + dt.timedelta(days=rng.randint(20, 600))
                    if current > LAST_DAY:
                        break
                    update: dict[str, Any] = {"date": partial(current, "day" if rng.random() < 0.85 else "month"),
                                              "status": status}
                    if rng.random() < 0.5:
                        update["text"] = rng.choice(UPDATE_NOTES)
                    update["sources"] = [self._report(current)]
                    updates.append(update)
                    if update["date"].count("-") == 1:  # month precision: the next must come in a later month
                        current = month_end(current)
                if updates:
                    record["updates"] = updates
                record["sources"] = [sources[0]]
                self.commitments.append((day, record))

    # -- output ---------------------------------------------------------------------------

    def org_records(self) -> list[dict]:
        out = []
        for org in self.orgs:
            names: dict[str, str] = {"en": org.en}
            if org.local:
                names["vi" if org.country == "VN" else "ja"] = org.local
            record: dict[str, Any] = {"id": org.id, "names": names}
            if org.acronym:
                record["acronyms"] = [org.acronym]
            record["country"] = org.country
            if org.parent:
                record["parent"] = org.parent.id
            if org.kind in ("company", "university") and org.country == "VN" and org.local and org.acronym:
                record["aliases"] = [{"text": fold(org.local), "kind": "no_diacritics", "lang": "en",
                                      "why": "The Vietnamese name as English-language sources write it."}]
            if org.succeeded_by:
                successor, on = org.succeeded_by
                record["succeeded_by"] = {"org": successor, "on": partial(on, "month"),
                                          "how": self.rng.choice(["renamed", "merged"]),
                                          "sources": [self._directory_source(org.country, on.year + 1 if on.year < 2025 else on.year)]}
            out.append(record)
        return out

    def person_records(self) -> list[dict]:
        out = []
        for person in self.people:
            name: dict[str, Any] = {"family": person.family}
            if person.middle:
                name["middle"] = person.middle
            name["given"] = person.given
            name["order"] = "family_first"
            name["address_by"] = "given" if person.country == "VN" else "family"
            if person.country == "JP":
                name["capitalize_family"] = True
            record: dict[str, Any] = {"id": person.id, "name": name, "native": person.native,
                                      "honorific": "Ms." if person.female else "Mr.", "country": person.country}
            if person.disambiguation:
                record["disambiguation"] = person.disambiguation
            if person.aliases:
                record["aliases"] = person.aliases
            posts = []
            for post in person.posts:
                entry: dict[str, Any] = {"title": post.title}
                if post.short_title:
                    entry["short_title"] = post.short_title
                entry["org"] = post.org.id
                if post.start:
                    entry["start"] = post.start
                if post.end:
                    entry["end"] = post.end
                entry["sources"] = [self._directory_source(person.country, min(post.lo.year + 1, LAST_DAY.year))]
                posts.append(entry)
            record["posts"] = posts
            out.append(record)
        return out

    def run(self, out_dir: Path) -> dict:
        self.make_orgs()
        self.make_people()
        self.make_meetings()
        self.make_commitments()
        orgs = self.org_records()
        people = self.person_records()
        written: list[Path] = []
        shutil.copyfile(self.bundled / "fields.yaml", out_dir / "fields.yaml")
        # The generated texts are English only: the manifest asks for no other language, or `check`
        # would warn of an untranslated text in every record.
        manifest = (self.bundled / "manifest.yaml").read_text(encoding="utf-8")
        (out_dir / "manifest.yaml").write_text(re.sub(r"(?m)^  languages: .*$", "  languages: [en]", manifest),
                                               encoding="utf-8")
        written += [out_dir / "manifest.yaml", out_dir / "fields.yaml"]
        header = f"Synthetic benchmark dataset (size {self.size}, seed {self.seed}); generated by bench/generate.py"
        write_collection(out_dir, "organizations", "organizations", orgs, header, written)
        write_collection(out_dir, "people", "people", people, header, written)

        def per_year(collection: str, dated: list[tuple[int, dict]]) -> None:
            """One file per year (in a folder) for big collections, one file for small ones."""
            if len(dated) <= PER_YEAR_FROM:
                write_collection(out_dir, collection, collection, [r for _, r in dated], header, written)
                return
            by_year: dict[int, list[dict]] = {}
            for year, record in dated:
                by_year.setdefault(year, []).append(record)
            for year in sorted(by_year):
                write_collection(out_dir, f"{collection}/{year}", collection, by_year[year], header, written)

        per_year("meetings", [(day.year, r) for r, day in zip(self.meetings, self.meeting_days)])
        if self.agreements:
            write_collection(out_dir, "agreements", "agreements", self.agreements, header, written)
        per_year("commitments", [(day.year, r) for day, r in self.commitments])
        sources = sorted(self.sources, key=lambda s: (int(str(s["published"])[:4]), s["id"]))
        per_year("sources", [(int(str(s["published"])[:4]), s) for s in sources])
        # Names for a delegation (display names, each resolving to one person) and a counterpart.
        current = [p for p in self.people if p.posts and p.posts[-1].open and p.index not in self.namesakes]
        ranked = sorted(current, key=lambda p: (-p.meetings, p.id))
        counterpart = next((p for p in ranked if p.country == "JP"), ranked[0] if ranked else self.people[0])
        pool = [p for p in ranked if p.country == "JP" and p.meetings] + \
               [p for p in ranked if p.country == "VN" and p.meetings]
        in_pool = {p.index for p in pool}
        others = [p for p in self.people if p.index not in self.namesakes and p.index not in in_pool]
        pool += sorted(others, key=lambda p: p.id)
        delegation = self.rng.sample(pool[:300], min(100, len(pool[:300])))
        (out_dir / "delegation.txt").write_text(
            "# 100 counterparts for `briefgen visit --delegation` (display names, generated)\n"
            + "".join(p.full() + "\n" for p in delegation), encoding="utf-8")
        (out_dir / "counterpart.txt").write_text(counterpart.id + "\n", encoding="utf-8")
        info = {
            "generator": GENERATOR_VERSION, "size": self.size, "seed": self.seed,
            "counts": {"people": len(self.people), "organizations": len(self.orgs),
                       "meetings": len(self.meetings), "agreements": len(self.agreements),
                       "commitments": len(self.commitments),
                       "status_updates": sum(len(r.get("updates", [])) for _, r in self.commitments),
                       "sources": len(self.sources), "yaml_files": len([p for p in written if p.suffix == ".yaml"]),
                       "yaml_bytes": sum(p.stat().st_size for p in written)},
            "counterpart": {"id": counterpart.id, "name": counterpart.full(), "meetings_attended": counterpart.meetings},
            "delegation": len(delegation),
            "loader_limits": dict(zip(("max_file_bytes", "max_nodes"), loader_limits())),
        }
        (out_dir / MARKER).write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return info


def _prepare(out_dir: Path) -> None:
    """Make `out_dir` empty: refuse a non-empty folder that this script did not write."""
    if out_dir.exists():
        entries = list(out_dir.iterdir())
        if entries and not (out_dir / MARKER).exists():
            raise SystemExit(f"{out_dir} is not empty and was not written by bench/generate.py; give an empty folder")
        for entry in entries:
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    out_dir.mkdir(parents=True, exist_ok=True)


def generate(size: str, seed: int, out_dir: Path) -> dict:
    """Write the dataset of `size` (S, M, L, XL) for `seed` into `out_dir`; return its bench-info."""
    out_dir = Path(out_dir)
    generator = Generator(size, seed)  # validates the size before anything is deleted
    _prepare(out_dir)
    return generator.run(out_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", required=True, choices=list(SIZES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="folder to write (created; emptied if generated before)")
    args = parser.parse_args(argv)
    info = generate(args.size, args.seed, args.out)
    counts = info["counts"]
    print(f"wrote {args.out}: " + ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in counts.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
