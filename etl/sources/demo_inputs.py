"""Demo input files in the exact formats of the real sources.

The demo database is built by running the ordinary parsers over these files, so the quirks of
the real sources are reproduced on purpose (BOM in ICS.csv, stage codes without their leading
zero, epoch-millisecond dates, highlight tags, malformed rows …). Every value is invented,
except public facts: the 40 ICS field titles, member-body acronyms and a few committee
references. Output depends only on ``seed`` and ``scale``: the same arguments give
byte-identical files.

Files written:
- ``ICS.csv``: the ICS tree (40 real fields, generated groups and sub-groups);
- ``iso_deliverables_metadata.jsonl``: ISO/IEC deliverables, official 2026 JSONL schema;
- ``iso_technical_committees_<date>.jsonl``: one committee snapshot per ``DEMO_SNAPSHOTS`` date;
- ``samr_search_p<NNNN>.json``: pages of the std.samr advanced-search JSON response.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

DEMO_SNAPSHOTS: tuple[str, ...] = ("2023-11-01", "2024-11-01", "2025-11-01", "2026-11-01")

# Catalogue states are judged at the last snapshot, so the demo is consistent with itself.
AS_OF = date(2026, 11, 1)
LAST_PUBLICATION = date(2026, 10, 31)
FIRST_ISO_YEAR, FIRST_CN_YEAR, LAST_YEAR = 1975, 1985, 2026

ISO_DELIVERABLES_PER_SCALE = 20_000
SAMR_ROWS_PER_SCALE = {"national": 12_000, "industry": 9_000, "local": 5_000, "group": 4_000}
OVERLAP_GROUPS_PER_SCALE = 400
DOUBLE_CURRENT_PER_SCALE = 30
SAMR_PAGE_SIZE = 1000

# --- ICS fields (public facts, titles as published by ISO) --------------------------------

ICS_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("01", "Generalities. Terminology. Standardization. Documentation",
     "Généralités. Terminologie. Normalisation. Documentation"),
    ("03", "Services. Company organization, management and quality. Administration. Transport. Sociology",
     "Services. Organisation de l'entreprise. Gestion et qualité. Administration. Transport. Sociologie"),
    ("07", "Natural and applied sciences", "Sciences naturelles et sciences appliquées"),
    ("11", "Health care technology", "Technologies de la santé"),
    ("13", "Environment. Health protection. Safety", "Environnement. Protection de la santé. Sécurité"),
    ("17", "Metrology and measurement. Physical phenomena", "Métrologie et mesurage. Phénomènes physiques"),
    ("19", "Testing", "Essais"),
    ("21", "Mechanical systems and components for general use",
     "Systèmes et composants mécaniques à usage général"),
    ("23", "Fluid systems and components for general use", "Fluidique et composants à usage général"),
    ("25", "Manufacturing engineering", "Techniques de fabrication"),
    ("27", "Energy and heat transfer engineering",
     "Ingénierie de l'énergie et de la transmission de la chaleur"),
    ("29", "Electrical engineering", "Électrotechnique"),
    ("31", "Electronics", "Électronique"),
    ("33", "Telecommunications. Audio and video engineering", "Télécommunications. Technique audio et vidéo"),
    ("35", "Information technology", "Technologies de l'information"),
    ("37", "Image technology", "Technologie de l'image"),
    ("39", "Precision mechanics. Jewellery", "Mécanique de précision. Bijouterie"),
    ("43", "Road vehicles engineering", "Véhicules routiers"),
    ("45", "Railway engineering", "Chemins de fer"),
    ("47", "Shipbuilding and marine structures", "Construction navale et structures maritimes"),
    ("49", "Aircraft and space vehicle engineering", "Aéronautique et espace"),
    ("53", "Materials handling equipment", "Matériel de manutention des matériaux"),
    ("55", "Packaging and distribution of goods", "Emballage et distribution des marchandises"),
    ("59", "Textile and leather technology", "Industrie textile et technologie du cuir"),
    ("61", "Clothing industry", "Industrie du vêtement"),
    ("65", "Agriculture", "Agriculture"),
    ("67", "Food technology", "Technologie alimentaire"),
    ("71", "Chemical technology", "Génie chimique"),
    ("73", "Mining and minerals", "Mines et minerais"),
    ("75", "Petroleum and related technologies", "Industrie du pétrole et technologies associées"),
    ("77", "Metallurgy", "Métallurgie"),
    ("79", "Wood technology", "Technologie du bois"),
    ("81", "Glass and ceramics industries", "Industries du verre et de la céramique"),
    ("83", "Rubber and plastic industries", "Industrie des élastomères et des plastiques"),
    ("85", "Paper technology", "Technologie du papier"),
    ("87", "Paint and colour industries", "Industries des peintures et des couleurs"),
    ("91", "Construction materials and building", "Bâtiment et matériaux de construction"),
    ("93", "Civil engineering", "Génie civil"),
    ("95", "Military affairs. Military engineering. Weapons",
     "Affaires militaires. Génie militaire. Systèmes d'armes"),
    ("97", "Domestic and commercial equipment. Entertainment. Sports",
     "Équipement ménager et commercial. Loisirs. Sports"),
)  # fmt: skip

# Per field: (title profile, CCS letter, ISO weight, CN national weight, 主管部门).
FIELD_META: dict[str, tuple[str, str, float, float, str]] = {
    "01": ("service", "A", 2, 2, "国家标准化管理委员会"),
    "03": ("service", "A", 4, 4, "国家市场监督管理总局"),
    "07": ("material", "A", 3, 2, "中国科学院"),
    "11": ("product", "C", 6, 3, "国家药品监督管理局"),
    "13": ("material", "Z", 8, 7, "生态环境部"),
    "17": ("product", "A", 4, 3, "国家市场监督管理总局"),
    "19": ("product", "N", 1, 2, "国家市场监督管理总局"),
    "21": ("product", "J", 4, 3, "中国机械工业联合会"),
    "23": ("product", "J", 4, 3, "中国机械工业联合会"),
    "25": ("product", "J", 6, 6, "中国机械工业联合会"),
    "27": ("product", "F", 3, 3, "国家能源局"),
    "29": ("product", "K", 3, 5, "中国电器工业协会"),
    "31": ("product", "L", 1, 2, "工业和信息化部"),
    "33": ("product", "M", 1, 2, "工业和信息化部"),
    "35": ("service", "L", 8, 4, "工业和信息化部"),
    "37": ("product", "N", 2, 1, "中国轻工业联合会"),
    "39": ("product", "Y", 1, 1, "中国轻工业联合会"),
    "43": ("product", "T", 5, 4, "工业和信息化部"),
    "45": ("product", "S", 1, 1, "国家铁路局"),
    "47": ("product", "U", 3, 1, "工业和信息化部"),
    "49": ("product", "V", 5, 1, "工业和信息化部"),
    "53": ("product", "J", 2, 2, "中国机械工业联合会"),
    "55": ("product", "A", 2, 2, "中国包装联合会"),
    "59": ("material", "W", 3, 3, "中国纺织工业联合会"),
    "61": ("product", "Y", 1, 2, "中国纺织工业联合会"),
    "65": ("material", "B", 3, 6, "农业农村部"),
    "67": ("material", "X", 5, 7, "国家卫生健康委员会"),
    "71": ("material", "G", 4, 5, "中国石油和化学工业联合会"),
    "73": ("material", "D", 2, 2, "中国煤炭工业协会"),
    "75": ("material", "E", 3, 2, "中国石油和化学工业联合会"),
    "77": ("material", "H", 6, 5, "中国钢铁工业协会"),
    "79": ("material", "B", 1, 1, "国家林业和草原局"),
    "81": ("material", "Q", 1, 2, "中国建筑材料联合会"),
    "83": ("material", "G", 5, 3, "中国石油和化学工业联合会"),
    "85": ("material", "Y", 1, 1, "中国轻工业联合会"),
    "87": ("material", "G", 2, 2, "中国石油和化学工业联合会"),
    "91": ("material", "P", 4, 4, "住房和城乡建设部"),
    "93": ("product", "P", 1, 2, "交通运输部"),
    "95": ("product", "V", 0.2, 0.2, "国家国防科技工业局"),
    "97": ("product", "Y", 3, 4, "中国轻工业联合会"),
}

# Subjects of the generated ICS groups, in order of importance (the first ones are always used).
SUBJECTS: dict[str, tuple[tuple[str, str], ...]] = {
    "01": (("Terminology work", "术语工作"), ("Quantities and units", "量和单位"),
           ("Graphical symbols", "图形符号"), ("Technical drawings", "技术制图"),
           ("Technical product documentation", "技术产品文件"), ("Colour coding", "颜色标志"),
           ("Standardization principles", "标准化原则"), ("Preferred numbers", "优先数和优先数系"),
           ("Information and documentation", "信息与文献"), ("Safety signs", "安全标志"),
           ("Character symbols", "字符符号")),
    "03": (("Quality management", "质量管理"), ("Conformity assessment", "合格评定"),
           ("Logistics services", "物流服务"), ("Tourism services", "旅游服务"),
           ("Financial services", "金融服务"), ("Facility management", "设施管理"),
           ("Occupational health and safety management", "职业健康安全管理"),
           ("Education services", "教育服务"), ("Elderly care services", "养老服务"),
           ("Public administration services", "政务服务"),
           ("Business continuity management", "业务连续性管理"), ("Asset management", "资产管理")),
    "07": (("Nanotechnologies", "纳米技术"), ("Microbiology", "微生物学"), ("Biotechnology", "生物技术"),
           ("Reference materials", "标准物质"), ("Surface chemical analysis", "表面化学分析"),
           ("Physical chemistry", "物理化学"), ("Geology", "地质学"), ("Meteorology", "气象学"),
           ("Analytical chemistry", "分析化学"), ("Astronomy", "天文学")),
    "11": (("Medical devices", "医疗器械"), ("Dentistry", "牙科学"), ("Surgical implants", "外科植入物"),
           ("Sterilization of health care products", "医疗保健产品灭菌"),
           ("Medical electrical equipment", "医用电气设备"),
           ("Anaesthetic and respiratory equipment", "麻醉和呼吸设备"), ("Ophthalmic optics", "眼科光学"),
           ("Laboratory medicine", "检验医学"), ("Health informatics", "健康信息学"),
           ("Assistive products", "康复辅助器具"), ("Transfusion equipment", "输血器具"),
           ("Medical gloves", "医用手套")),
    "13": (("Water quality", "水质"), ("Air quality", "空气质量"), ("Soil quality", "土壤质量"),
           ("Solid wastes", "固体废物"), ("Noise and vibration", "噪声与振动"), ("Fire protection", "消防"),
           ("Protective clothing", "防护服装"), ("Respiratory protective devices", "呼吸防护用品"),
           ("Explosion protection", "防爆"), ("Greenhouse gas management", "温室气体管理"),
           ("Radiation protection", "辐射防护"), ("Safety of machinery", "机械安全")),
    "17": (("Length and angle measurement", "长度和角度测量"), ("Mass and force measurement", "质量和力值测量"),
           ("Flow measurement", "流量测量"), ("Temperature measurement", "温度测量"),
           ("Pressure measurement", "压力测量"), ("Acoustics", "声学"),
           ("Optics and optical measurement", "光学和光学测量"), ("Electrical measurement", "电学测量"),
           ("Geometrical product specifications", "产品几何技术规范"),
           ("Time and frequency measurement", "时间频率测量")),
    "19": (("Non-destructive testing", "无损检测"), ("Environmental testing", "环境试验"),
           ("Mechanical testing", "力学性能试验"), ("Testing laboratories", "检测实验室"),
           ("Ultrasonic testing", "超声检测"), ("Radiographic testing", "射线检测"),
           ("Leak testing", "泄漏检测"), ("Hardness testing", "硬度试验"), ("Test chambers", "试验箱")),
    "21": (("Screw threads", "螺纹"), ("Fasteners", "紧固件"), ("Rolling bearings", "滚动轴承"),
           ("Plain bearings", "滑动轴承"), ("Gears", "齿轮"), ("Springs", "弹簧"),
           ("Shaft couplings", "联轴器"), ("Seals", "密封件"), ("Chain drives", "链传动"),
           ("Belt drives", "带传动"), ("Keys and splines", "键和花键")),
    "23": (("Hydraulic fluid power", "液压传动"), ("Pneumatic fluid power", "气压传动"),
           ("Industrial valves", "工业阀门"), ("Pumps", "泵"), ("Compressors", "压缩机"),
           ("Pipes and fittings", "管道及管件"), ("Vacuum technology", "真空技术"), ("Fans", "通风机"),
           ("Pressure vessels", "压力容器"), ("Lubrication systems", "润滑系统")),
    "25": (("Machine tools", "金属切削机床"), ("Foundry machinery", "铸造机械"),
           ("Woodworking machines", "木工机床"), ("Numerical control systems", "数控系统"),
           ("Industrial robots", "工业机器人"), ("Cutting tools", "切削刀具"),
           ("Welding equipment", "焊接设备"), ("Additive manufacturing", "增材制造"),
           ("Forging machinery", "锻压机械"), ("Abrasive products", "磨料磨具"),
           ("Surface treatment equipment", "表面处理设备"),
           ("Industrial automation systems", "工业自动化系统")),
    "27": (("Power station equipment", "电站设备"), ("Wind turbines", "风力发电机组"),
           ("Photovoltaic systems", "光伏系统"), ("Solar thermal collectors", "太阳能集热器"),
           ("Heat pumps", "热泵"), ("Boilers", "锅炉"), ("Hydrogen energy", "氢能"),
           ("Fuel cells", "燃料电池"), ("Energy management", "能源管理"), ("Heat exchangers", "换热器"),
           ("Nuclear power plants", "核电厂")),
    "29": (("Rotating electrical machines", "旋转电机"), ("Power transformers", "电力变压器"),
           ("Low-voltage switchgear", "低压开关设备"), ("Electric cables", "电线电缆"),
           ("Insulating materials", "绝缘材料"), ("Secondary batteries", "蓄电池"),
           ("Electric vehicle charging equipment", "电动汽车充电设备"), ("Power electronics", "电力电子"),
           ("Lightning protection", "防雷"), ("Electrical installations", "电气装置"),
           ("Lamps and luminaires", "灯具")),
    "31": (("Semiconductor devices", "半导体器件"), ("Integrated circuits", "集成电路"),
           ("Printed circuit boards", "印制电路板"), ("Capacitors", "电容器"), ("Resistors", "电阻器"),
           ("Electronic displays", "电子显示器件"), ("Piezoelectric devices", "压电器件"),
           ("Optoelectronic devices", "光电子器件"), ("Electromechanical components", "机电元件"),
           ("Sensors", "传感器")),
    "33": (("Mobile communication equipment", "移动通信设备"), ("Optical fibre communication", "光纤通信"),
           ("Satellite communication", "卫星通信"), ("Radio equipment", "无线电设备"),
           ("Broadcasting equipment", "广播电视设备"), ("Audio and video systems", "音视频系统"),
           ("Electromagnetic compatibility", "电磁兼容"), ("Antennas", "天线"),
           ("Telecommunication cables", "通信电缆"), ("Internet of things", "物联网")),
    "35": (("Information security", "信息安全"), ("Software engineering", "软件工程"),
           ("Cloud computing", "云计算"), ("Artificial intelligence", "人工智能"),
           ("Data management", "数据管理"), ("Biometrics", "生物特征识别"),
           ("Identification cards", "识别卡"), ("Character sets and coding", "字符集与编码"),
           ("IT service management", "信息技术服务管理"), ("Smart cities", "智慧城市"),
           ("Blockchain", "区块链"), ("Automatic identification", "自动识别")),
    "37": (("Photography", "摄影"), ("Cinematography", "电影技术"), ("Micrographics", "缩微摄影技术"),
           ("Printing technology", "印刷技术"), ("Optical equipment", "光学仪器"),
           ("Imaging materials", "影像材料"), ("Document imaging", "文档成像"),
           ("Electronic imaging", "电子成像")),
    "39": (("Watches and clocks", "钟表"), ("Jewellery", "首饰"), ("Precious metal articles", "贵金属饰品"),
           ("Precision mechanisms", "精密机构"), ("Gemstones", "珠宝玉石"),
           ("Micro mechanical parts", "微型机械零件"), ("Horological materials", "钟表材料"),
           ("Watch cases", "表壳")),
    "43": (("Road vehicles", "道路车辆"), ("Passenger cars", "乘用车"), ("Commercial vehicles", "商用车"),
           ("Motorcycles", "摩托车"), ("Electric road vehicles", "电动汽车"),
           ("Vehicle lighting", "汽车照明"), ("Braking systems", "制动系统"), ("Tyres", "轮胎"),
           ("Intelligent transport systems", "智能交通系统"), ("Vehicle diagnostics", "车辆诊断"),
           ("Automotive electronics", "汽车电子")),
    "45": (("Railway rolling stock", "铁路机车车辆"), ("Railway track", "铁路轨道"),
           ("Railway signalling", "铁路信号"), ("Urban rail transit", "城市轨道交通"),
           ("Railway power supply", "牵引供电"), ("Cable transport installations", "索道"),
           ("Railway wheelsets", "轮对"), ("Railway bogies", "转向架")),
    "47": (("Ships and marine technology", "船舶与海洋技术"), ("Marine engines", "船用柴油机"),
           ("Ship outfitting", "船舶舾装"), ("Small craft", "小艇"), ("Lifesaving appliances", "救生设备"),
           ("Navigation equipment", "航海仪器"), ("Offshore structures", "海洋工程结构"),
           ("Inland vessels", "内河船舶"), ("Deck machinery", "甲板机械")),
    "49": (("Aircraft", "航空器"), ("Aerospace fasteners", "航空航天紧固件"), ("Space systems", "空间系统"),
           ("Unmanned aircraft systems", "无人驾驶航空器系统"),
           ("Aircraft ground equipment", "航空地面设备"), ("Aerospace fluid systems", "航空航天流体系统"),
           ("Aircraft electrical systems", "航空电气系统"), ("Launch vehicles", "运载火箭"),
           ("Satellites", "卫星")),
    "53": (("Cranes", "起重机"), ("Industrial trucks", "工业车辆"), ("Conveyors", "输送机"),
           ("Lifting appliances", "起重吊具"), ("Elevators", "电梯"), ("Escalators", "自动扶梯"),
           ("Storage equipment", "仓储设备"), ("Pallets", "托盘"),
           ("Mobile elevating work platforms", "移动式升降工作平台")),
    "55": (("Packaging", "包装"), ("Freight containers", "集装箱"), ("Packaging materials", "包装材料"),
           ("Transport packaging", "运输包装"), ("Aerosol containers", "气雾罐"),
           ("Bottles and jars", "瓶罐"), ("Packaging labelling", "包装标识"),
           ("Cold chain packaging", "冷链包装")),
    "59": (("Textile fibres", "纺织纤维"), ("Yarns", "纱线"), ("Woven fabrics", "机织物"),
           ("Knitted fabrics", "针织物"), ("Nonwovens", "非织造布"), ("Leather", "皮革"),
           ("Technical textiles", "产业用纺织品"), ("Textile machinery", "纺织机械"),
           ("Dyeing and finishing", "染整")),
    "61": (("Garments", "服装"), ("Footwear", "鞋类"), ("Children's clothing", "童装"),
           ("Size designation of clothes", "服装号型"), ("Sewing machines", "缝纫机"),
           ("Workwear", "职业服装"), ("Protective gloves", "防护手套"), ("Hosiery", "袜子")),
    "65": (("Agricultural machinery", "农业机械"), ("Tractors", "拖拉机"), ("Fertilizers", "肥料"),
           ("Pesticides", "农药"), ("Seeds", "种子"), ("Animal feeding stuffs", "饲料"),
           ("Irrigation equipment", "灌溉设备"), ("Forestry", "林业"), ("Aquaculture", "水产养殖"),
           ("Livestock breeding", "畜禽养殖"), ("Greenhouses", "温室"),
           ("Crop cultivation", "作物栽培")),
    "67": (("Milk and milk products", "乳与乳制品"), ("Meat and meat products", "肉与肉制品"),
           ("Cereals and pulses", "谷物与豆类"), ("Edible oils", "食用油"), ("Tea", "茶叶"),
           ("Fruits and vegetables", "水果和蔬菜"), ("Beverages", "饮料"), ("Food additives", "食品添加剂"),
           ("Food hygiene", "食品卫生"), ("Spices and condiments", "香辛料和调味品"),
           ("Aquatic products", "水产品"), ("Food processing machinery", "食品加工机械")),
    "71": (("Inorganic chemicals", "无机化工产品"), ("Organic chemicals", "有机化工产品"),
           ("Chemical analysis", "化学分析"), ("Surface active agents", "表面活性剂"),
           ("Industrial gases", "工业气体"), ("Catalysts", "催化剂"), ("Explosives", "工业炸药"),
           ("Cosmetics", "化妆品"), ("Chemical equipment", "化工设备"), ("Adhesives", "胶粘剂")),
    "73": (("Coal", "煤"), ("Iron ores", "铁矿石"), ("Mining equipment", "矿山设备"),
           ("Non-ferrous ores", "有色金属矿石"), ("Mineral processing", "选矿"),
           ("Rare earth ores", "稀土矿"), ("Underground mining safety", "井下开采安全"),
           ("Coal preparation", "选煤")),
    "75": (("Crude petroleum", "原油"), ("Natural gas", "天然气"), ("Lubricants", "润滑油"),
           ("Petroleum products", "石油产品"), ("Drilling equipment", "钻井设备"),
           ("Pipeline transportation", "管道输送"), ("Liquefied natural gas", "液化天然气"),
           ("Fuel oils", "燃料油"), ("Oilfield equipment", "油田设备")),
    "77": (("Steel products", "钢产品"), ("Steel tubes", "钢管"), ("Aluminium alloys", "铝合金"),
           ("Copper and copper alloys", "铜及铜合金"), ("Cast iron", "铸铁"),
           ("Metallic coatings", "金属镀层"), ("Powder metallurgy", "粉末冶金"),
           ("Titanium alloys", "钛合金"), ("Heat treatment", "热处理"), ("Corrosion of metals", "金属腐蚀"),
           ("Steel wire", "钢丝")),
    "79": (("Wood-based panels", "人造板"), ("Sawn timber", "锯材"), ("Round timber", "原木"),
           ("Wood preservation", "木材防腐"), ("Cork", "软木"), ("Wood flooring", "木地板"),
           ("Bamboo products", "竹制品"), ("Wood adhesives", "木材胶粘剂")),
    "81": (("Glass", "玻璃"), ("Ceramic tiles", "陶瓷砖"), ("Refractories", "耐火材料"),
           ("Sanitary ceramics", "卫生陶瓷"), ("Advanced ceramics", "精细陶瓷"),
           ("Glass containers", "玻璃容器"), ("Enamels", "搪瓷"), ("Flat glass", "平板玻璃")),
    "83": (("Plastics", "塑料"), ("Rubber", "橡胶"), ("Plastics pipes", "塑料管材"),
           ("Rubber hoses", "橡胶软管"), ("Plastic films", "塑料薄膜"), ("Composite materials", "复合材料"),
           ("Foamed plastics", "泡沫塑料"), ("Rubber and plastics machinery", "橡胶塑料机械"),
           ("Conveyor belts", "输送带")),
    "85": (("Paper and board", "纸和纸板"), ("Pulp", "纸浆"), ("Tissue paper", "生活用纸"),
           ("Paper converting", "纸制品加工"), ("Paper machinery", "造纸机械"),
           ("Printing paper", "印刷纸"), ("Corrugated board", "瓦楞纸板"), ("Paper testing", "纸张检测")),
    "87": (("Paints and varnishes", "色漆和清漆"), ("Pigments", "颜料"), ("Printing inks", "油墨"),
           ("Coating powders", "粉末涂料"), ("Anticorrosive coatings", "防腐涂料"), ("Dyestuffs", "染料"),
           ("Binders for paints", "涂料用树脂"), ("Coating equipment", "涂装设备")),
    "91": (("Cement", "水泥"), ("Concrete", "混凝土"), ("Building insulation", "建筑保温"),
           ("Doors and windows", "门窗"), ("Building energy efficiency", "建筑节能"),
           ("Fire safety of buildings", "建筑防火"), ("Wall materials", "墙体材料"),
           ("Waterproofing materials", "防水材料"), ("Building acoustics", "建筑声学"),
           ("Building information modelling", "建筑信息模型"),
           ("Building water supply", "建筑给水排水")),
    "93": (("Road construction", "道路工程"), ("Bridges", "桥梁"), ("Tunnels", "隧道"),
           ("Hydraulic engineering", "水利工程"), ("Geotechnics", "岩土工程"), ("Earthworks", "土方工程"),
           ("Urban drainage", "城镇排水"), ("Port engineering", "港口工程"),
           ("Pipeline engineering", "管道工程")),
    "95": (("Military equipment", "军用装备"), ("Ammunition", "弹药"), ("Military vehicles", "军用车辆"),
           ("Military communications", "军用通信"), ("Military materials", "军用材料"),
           ("Military protective equipment", "军用防护装备"), ("Military logistics", "军事物流"),
           ("Military electronics", "军用电子设备")),
    "97": (("Household appliances", "家用电器"), ("Furniture", "家具"), ("Toys", "玩具"),
           ("Sports equipment", "体育器材"), ("Kitchen equipment", "厨房设备"),
           ("Sanitary appliances", "卫浴器具"), ("Playground equipment", "游乐设施"),
           ("Musical instruments", "乐器"), ("Office equipment", "办公设备"),
           ("Fitness equipment", "健身器材"), ("Textile floor coverings", "纺织地毯"),
           ("Smart home systems", "智能家居系统")),
}  # fmt: skip

SUBGROUP_VARIANTS: tuple[str, ...] = (
    "{s} in general",
    "{s}: products",
    "{s}: testing",
    "{s}: equipment and accessories",
    "Other aspects of {l}",
)

# Second title element, by profile; Chinese titles join subject and aspect with a space.
ASPECTS: dict[str, tuple[tuple[str, str], ...]] = {
    "product": (
        ("Vocabulary", "术语"), ("Safety requirements", "安全要求"), ("Test methods", "试验方法"),
        ("General technical requirements", "通用技术条件"), ("Accuracy testing", "精度检验"),
        ("Performance requirements", "性能要求"), ("Acceptance conditions", "验收条件"),
        ("Classification and designation", "分类与型号编制"), ("Dimensions and tolerances", "尺寸与公差"),
        ("Noise measurement", "噪声测定方法"), ("Reliability assessment", "可靠性评定方法"),
        ("Energy efficiency", "能效限定值及能效等级"), ("Installation and commissioning", "安装与调试"),
        ("Maintenance", "维护保养规程"), ("Marking and labelling", "标志与标签"),
        ("Inspection rules", "检验规则"), ("Electromagnetic compatibility", "电磁兼容性要求"),
        ("Environmental test conditions", "环境试验条件"), ("Packaging and transport", "包装、运输和贮存"),
        ("Interface specifications", "接口规范"), ("Data exchange format", "数据交换格式"),
        ("Functional safety", "功能安全"), ("Evaluation of technical condition", "技术状态评价"),
        ("Remanufacturing", "再制造技术要求"),
    ),
    "material": (
        ("Vocabulary", "术语"), ("Technical requirements", "技术要求"), ("Test methods", "试验方法"),
        ("Sampling", "取样方法"), ("Determination of moisture content", "水分含量的测定"),
        ("Determination of ash", "灰分的测定"), ("Determination of density", "密度的测定"),
        ("Determination of heavy metals", "重金属含量的测定"),
        ("Determination of tensile properties", "拉伸性能的测定"),
        ("Determination of particle size distribution", "粒度分布的测定"),
        ("Determination of sulfur content", "硫含量的测定"), ("Chemical analysis methods", "化学分析方法"),
        ("Classification and designation", "分类与命名"), ("Packaging, marking and storage", "包装、标志和贮存"),
        ("Quality grading", "质量分级"), ("Inspection rules", "检验规则"), ("Storage stability", "贮存稳定性"),
        ("Specifications", "规格"), ("Evaluation of ageing resistance", "耐老化性能评价"),
        ("Guidelines for use", "使用指南"),
    ),
    "service": (
        ("Vocabulary", "术语"), ("Requirements", "要求"), ("Guidelines", "指南"),
        ("Service specification", "服务规范"), ("Evaluation criteria", "评价准则"),
        ("Management system requirements", "管理体系要求"),
        ("Competence requirements for personnel", "人员能力要求"), ("Information model", "信息模型"),
        ("Data quality", "数据质量"), ("Risk assessment", "风险评估"),
        ("Performance indicators", "绩效指标"), ("Code of practice", "实施规程"),
        ("Process reference model", "过程参考模型"), ("Audit guidelines", "审核指南"),
        ("Maturity model", "成熟度模型"), ("Security requirements", "安全要求"),
        ("Test methods", "测试方法"), ("Framework", "框架"),
    ),
}  # fmt: skip

# Part titles ("Part 2: …" / "第2部分：…"), by profile.
DETAILS: dict[str, tuple[tuple[str, str], ...]] = {
    "product": (
        ("General requirements", "通用要求"), ("Terms and definitions", "术语和定义"),
        ("Geometric accuracy", "几何精度"), ("Working accuracy", "工作精度"),
        ("Electrical equipment", "电气设备"), ("Hydraulic systems", "液压系统"),
        ("Pneumatic systems", "气动系统"), ("Control systems", "控制系统"), ("Noise", "噪声"),
        ("Vibration", "振动"), ("Guards", "防护装置"), ("Emergency stop function", "急停功能"),
        ("Lubrication", "润滑"), ("Load test", "载荷试验"), ("Thermal effects", "热效应"),
        ("Positioning accuracy", "定位精度"), ("Verification of performance", "性能验证"),
        ("Technical documentation", "技术文件"), ("Type testing", "型式试验"),
        ("Routine testing", "出厂检验"), ("Components", "零部件"), ("Remote monitoring", "远程监控"),
        ("Energy consumption", "能耗"), ("Machining centres", "加工中心"),
    ),
    "material": (
        ("Gravimetric method", "重量法"), ("Titrimetric method", "滴定法"),
        ("Spectrophotometric method", "分光光度法"),
        ("Atomic absorption spectrometric method", "原子吸收光谱法"),
        ("Inductively coupled plasma optical emission spectrometry", "电感耦合等离子体发射光谱法"),
        ("Gas chromatographic method", "气相色谱法"), ("Liquid chromatographic method", "液相色谱法"),
        ("X-ray fluorescence method", "X射线荧光光谱法"), ("Infrared spectrometric method", "红外光谱法"),
        ("Combustion method", "燃烧法"), ("Sampling of lots", "批取样"),
        ("Preparation of test samples", "试样制备"), ("Low temperature method", "低温法"),
        ("Rapid method", "快速法"), ("Reference method", "仲裁法"),
        ("Potentiometric titration method", "电位滴定法"), ("Volumetric method", "容量法"),
        ("Microwave digestion method", "微波消解法"),
    ),
    "service": (
        ("General principles", "总则"), ("Requirements", "要求"), ("Implementation guidance", "实施指南"),
        ("Assessment", "评价"), ("Small organizations", "小型组织"), ("Data elements", "数据元"),
        ("Metadata", "元数据"), ("Process assessment", "过程评估"), ("Reference architecture", "参考架构"),
        ("Conformance testing", "符合性测试"), ("Service providers", "服务提供方"),
        ("Public sector", "公共部门"), ("Supply chain", "供应链"),
        ("Monitoring and measurement", "监视和测量"), ("Training", "培训"),
        ("Emergency response", "应急响应"), ("Digital services", "数字化服务"),
        ("Records management", "记录管理"),
    ),
}  # fmt: skip

SCOPE_TEMPLATES: tuple[str, ...] = (
    "<p>This document specifies {a} for {s}.</p>",
    "<p>This document gives {a} for {s}.</p>\n<p>It is applicable to new designs and to existing installations.</p>",
    '<p class="MsoNormal"><span lang="EN-GB">This document establishes {a} for {s}.</span></p>',
    "<p>This document specifies {a} for {s}, including:</p>\n<ul>\n<li>definitions;</li>\n"
    "<li>verification procedures.</li>\n</ul>",
)

# --- Member bodies and committees ----------------------------------------------------------

# ISO member-body acronyms as they appear in the committee data (public facts); ids are invented.
MEMBER_ACRONYMS: tuple[str, ...] = (
    "ABNORM", "ABNT", "AFNOR", "AGANOR", "AMANORM", "AMNOR", "ANM", "ANMC", "ANOR", "ANSA", "ANSI",
    "ARMSTANDARD", "ASI", "ASN", "ASRO", "ATN", "ATNOR", "AZSTAND", "BBN", "BBSQ", "BDS", "BELST",
    "BHN", "BIS", "BNM", "BNSI", "BOBS", "BPS", "BSB", "BSI", "BSJ", "BSN", "BSTI", "BTMD", "CODINORM",
    "COGUANOR", "COSQC", "CPTTM", "CSK", "CTRM", "CYS", "DBOS", "DGN", "DGNTI", "DGSM", "DIN", "DNTMS",
    "DOSM", "DPS", "DRI", "DS", "DSM", "EOS", "ESI", "EVS", "GEOSTM", "GNBS", "GOST R", "GSA", "HZN",
    "IANOR", "IBNORCA", "ICONTEC", "IES", "ILNAS", "IMANOR", "INACAL", "INDOCAL", "INEN", "INIQ", "INN",
    "INNOQ", "INNORPI", "INSO", "INTECO", "IPQ", "IRAM", "ISBIH", "ISC", "ISM", "ISME", "ISRSM", "ISS",
    "IST", "ITCHKSAR", "JISC", "JSMO", "KATS", "KEBS", "KOWSMD", "KYRGYZST", "LIBNOR", "LNCSM", "LSI",
    "LST", "LVS", "MASM", "MBS", "MCCAA", "MSB", "MSST", "MSZT", "MoIAT-STR", "NBN", "NBSM", "NC", "NEN",
    "NISIT", "NQIS ELOT", "NSAI", "NSI", "NZSO", "O'ZTTSA", "OCC", "OHN", "ONANOR", "OSN", "PKN",
    "PSABD", "PSI", "PSQCA", "QS", "RSB", "SA", "SABS", "SAC", "SASMO", "SASO", "SAZ", "SBS", "SCC",
    "SE UkrNDNC", "SFS", "SII", "SIS", "SIST", "SKNBS", "SLBS", "SLSB", "SLSI", "SN", "SNV", "SON",
    "SSC", "SSMO", "STAMEQ", "SWASA", "SoBS", "TAJIKSTANDARD", "TBS", "TGSB", "TISI", "TSE", "TTBS",
    "UNBS", "UNE", "UNI", "UNIT", "UNMS SR", "UNMZ", "ZABS",
)  # fmt: skip
GENERATED_MEMBERS: tuple[str, ...] = tuple(f"NSB-{n:02d}" for n in range(1, 10))
ALL_MEMBERS: tuple[str, ...] = MEMBER_ACRONYMS + GENERATED_MEMBERS
MEMBER_IDS: dict[str, int] = {acr: 1501 + 13 * i for i, acr in enumerate(ALL_MEMBERS)}

# How readily a body joins a committee; unlisted bodies weigh 1.
MEMBER_WEIGHTS: dict[str, float] = {
    **dict.fromkeys(("SAC", "DIN", "JISC", "AFNOR", "BSI", "ANSI", "KATS"), 14.0),
    **dict.fromkeys(("SIS", "UNI", "SCC", "SA", "SNV", "NEN", "UNE", "BIS", "GOST R", "SABS", "SN",
                     "DS", "SFS", "ASI", "NBN", "PKN", "UNMZ"), 7.0),
    **dict.fromkeys(("ABNT", "INSO", "SASO", "TSE", "MSZT", "SIST", "NSAI", "IPQ", "IRAM", "DGN",
                     "ICONTEC", "KEBS", "EVS", "SII", "NZSO", "EOS", "TISI", "DSM", "SSC",
                     "NQIS ELOT", "BSN", "ISRSM", "ILNAS", "LVS", "LST", "ASRO", "BDS"), 3.0),
    **dict.fromkeys(GENERATED_MEMBERS, 0.3),
}  # fmt: skip

# Initial number of secretariats held; the remainder goes to the six largest holders.
SECRETARIAT_COUNTS: dict[str, int] = {
    "DIN": 128, "ANSI": 90, "JISC": 80, "AFNOR": 78, "BSI": 74, "SAC": 60, "SIS": 24, "KATS": 24,
    "UNI": 22, "SA": 20, "SNV": 19, "SCC": 18, "BIS": 12, "SABS": 11, "NEN": 10, "SN": 8, "GOST R": 7,
    "UNE": 6, "DS": 5, "NBN": 5, "ASI": 5, "SFS": 4, "PKN": 4, "ABNT": 4, "UNMZ": 3, "SASO": 3,
    "TSE": 2, "KEBS": 2, "IRAM": 2, "INSO": 2, "DGN": 1, "ICONTEC": 1, "SIST": 1, "MSZT": 1,
    "NSAI": 1, "IPQ": 1, "EVS": 1, "SII": 1,
}  # fmt: skip
MAJOR_SECRETARIATS: tuple[str, ...] = ("DIN", "ANSI", "JISC", "AFNOR", "BSI", "SAC")

ORGANIZATION_LIAISONS: tuple[str, ...] = (
    "CEN", "CENELEC", "ITU", "OIML", "WHO", "FAO", "UNECE", "IIW", "CECIMO", "CIRP",
    "EC - European Commission", "WCO", "ASD-STAN", "EUROCAE", "CIE", "IAEA", "IMO", "ICAO",
)  # fmt: skip
ORGANIZATION_IDS: dict[str, int] = {org: 8701 + 17 * i for i, org in enumerate(ORGANIZATION_LIAISONS)}

SC_TOPICS: tuple[str, ...] = (
    "Terminology", "Safety", "Test methods", "Components", "Performance and testing",
    "Environmental aspects", "Dimensions and tolerances", "Materials", "Installation and maintenance",
    "Data and digital interfaces", "Product specifications", "Quality and conformity",
)  # fmt: skip

JTC1_SC_NUMBERS: tuple[int, ...] = (
    2, 6, 7, 17, 22, 23, 24, 25, 27, 28, 29, 31, 32, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44,
)  # fmt: skip
ELECTROTECHNICAL_FIELDS = frozenset({"17", "27", "29", "31", "33", "35", "97"})

# --- Chinese publishers ------------------------------------------------------------------

# (prefix, ICS fields, 主管部门, weight)
INDUSTRY_PREFIXES: tuple[tuple[str, tuple[str, ...], str, float], ...] = (
    ("JB", ("25", "21", "23", "53", "27"), "工业和信息化部", 30),
    ("HG", ("71", "83", "87"), "工业和信息化部", 12),
    ("YY", ("11",), "国家药品监督管理局", 8),
    ("QB", ("97", "55", "85", "61", "39"), "工业和信息化部", 12),
    ("SH", ("75",), "工业和信息化部", 5),
    ("YB", ("77",), "工业和信息化部", 7),
    ("JT", ("43", "93", "03"), "交通运输部", 7),
    ("SJ", ("31", "33", "35"), "工业和信息化部", 8),
    ("NY", ("65", "67"), "农业农村部", 11),
    ("FZ", ("59", "61"), "工业和信息化部", 8),
)

# (administrative code, province)
PROVINCES: tuple[tuple[str, str], ...] = (
    ("11", "北京市"), ("31", "上海市"), ("44", "广东省"), ("37", "山东省"), ("13", "河北省"),
    ("32", "江苏省"), ("33", "浙江省"), ("50", "重庆市"), ("51", "四川省"), ("15", "内蒙古自治区"),
    ("61", "陕西省"), ("42", "湖北省"), ("35", "福建省"), ("41", "河南省"), ("43", "湖南省"),
)  # fmt: skip
LOCAL_FIELD_WEIGHTS: dict[str, float] = {
    "65": 8, "67": 6, "03": 8, "13": 6, "91": 5, "93": 4, "43": 2, "11": 2, "35": 3, "27": 2,
    "97": 1, "25": 1,
}  # fmt: skip

# (association code, name, ICS fields, weight)
ASSOCIATIONS: tuple[tuple[str, str, tuple[str, ...], float], ...] = (
    ("CMES", "中国机械工程学会", ("25", "21", "19"), 5),
    ("CMIF", "中国机械工业联合会", ("25", "23", "53"), 4),
    ("CAS", "中国标准化协会", ("03", "13", "97", "01"), 6),
    ("CSTM", "中关村材料试验技术联盟", ("77", "19", "83"), 4),
    ("CECS", "中国工程建设标准化协会", ("91", "93"), 5),
    ("CNIA", "中国有色金属工业协会", ("77",), 2),
    ("CCSA", "中国通信标准化协会", ("33", "35"), 3),
    ("CPIA", "中国光伏行业协会", ("27",), 2),
    ("CEEIA", "中国电器工业协会", ("29",), 3),
    ("CIFST", "中国食品科学技术学会", ("67",), 3),
    ("CSAE", "中国汽车工程学会", ("43",), 3),
)

# Last three digits of a national plan number: the competent department (invented codes).
DEPARTMENT_CODES: dict[str, int] = {
    name: 300 + 7 * i for i, name in enumerate(sorted({meta[4] for meta in FIELD_META.values()}))
}
CN_LEVELS: tuple[str, ...] = ("national", "industry", "local", "group")
DOMAIN = {"national": "国家标准", "industry": "行业标准", "local": "地方标准", "group": "团体标准"}
TABLE = {"national": "BV_GB", "industry": "BV_HB", "local": "BV_DB", "group": "BV_TB"}
NATIONAL_PREFIXES: tuple[tuple[str, str, str, float], ...] = (
    ("GB", "强制性", "Q", 0.10),
    ("GB/T", "推荐性", "T", 0.86),
    ("GB/Z", "指导性", "Z", 0.04),
)
ADOPTION_DEGREES: tuple[tuple[str, float], ...] = (("IDT", 0.55), ("MOD", 0.30), ("NEQ", 0.15))

# Generic endings that make near-identical titles differ by one word (planted overlaps).
GENERIC_ENDINGS: tuple[str, ...] = ("技术条件", "技术要求", "技术规范", "规范", "要求")
CHINA_TZ = timezone(timedelta(hours=8))

# Odd-but-real values, each planted on a few regular rows; the last two kinds are malformed and
# meant to be quarantined by the loader.
ODDITIES: tuple[tuple[str, int], ...] = (
    ("fullwidth_dash", 4),
    ("stray_space", 3),
    ("sacinfo", 5),
    ("placeholder_date", 4),
    ("empty_code", 5),
    ("bad_date", 5),
)


# === Public API =============================================================================


def write_demo_inputs(
    out_dir: Path,
    *,
    seed: int = 2026,
    scale: float = 1.0,
    iso_scale: float | None = None,
    cn_scale: float | None = None,
) -> list[Path]:
    """Write every demo input file into out_dir (created if missing); return the paths written, sorted.

    ``scale`` sizes both catalogs; ``iso_scale`` and ``cn_scale``, when given, size the ISO
    deliverables and the Chinese catalog separately (the real catalogs are not in the demo's mix).
    """
    iso_scale = scale if iso_scale is None else iso_scale
    cn_scale = scale if cn_scale is None else cn_scale
    for name, value in (("scale", scale), ("iso_scale", iso_scale), ("cn_scale", cn_scale)):
        if value <= 0:
            raise ValueError(f"{name} must be positive, not {value}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # One random stream per source: the ICS tree and the committees do not depend on scale, and
    # a change in one generator leaves the others' output alone.
    ics = _build_ics(random.Random(f"{seed}:ics"))
    written = [_write_ics_csv(out_dir / "ICS.csv", ics)]
    snapshots = _build_committee_snapshots(random.Random(f"{seed}:committees"), ics)
    for as_of, committees in snapshots.items():
        written.append(_write_committees(out_dir / f"iso_technical_committees_{as_of}.jsonl", committees))
    titles, pool = _TitleBook(), _IsoPool()
    iso = _IsoContext(random.Random(f"{seed}:iso"), ics, titles, pool, _stable_owners(snapshots), iso_scale)
    written.append(_write_deliverables(out_dir / "iso_deliverables_metadata.jsonl", iso, iso_scale))
    samr = _CnContext(random.Random(f"{seed}:samr"), ics, titles, pool, cn_scale)
    written += _write_samr_pages(out_dir, samr, cn_scale)
    return sorted(written)


# === Shared helpers =========================================================================


def _weighted(rng: random.Random, items: Sequence, weights: Sequence[float]):
    return rng.choices(items, weights=weights, k=1)[0]


def _weighted_sample(rng: random.Random, items: Sequence[str], weights: Sequence[float], k: int) -> list[str]:
    """k distinct items, heavier ones more likely (Efraimidis–Spirakis keys)."""
    keyed = sorted(((rng.random() ** (1.0 / w), item) for item, w in zip(items, weights, strict=True)), reverse=True)
    return [item for _, item in keyed[:k]]


def _skewed_year(rng: random.Random, first: int, last: int, skew: float) -> int:
    """A year in [first, last]; skew > 1 favours recent years."""
    return first + int((last - first + 1) * rng.random() ** (1.0 / skew))


def _date_in(rng: random.Random, year: int) -> date:
    day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
    return min(day, LAST_PUBLICATION)


def _lower_first(text: str) -> str:
    """Lower-case a subject for use inside a sentence, keeping acronyms such as "IT"."""
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def _free_number(rng: random.Random, taken: set[int], low: int, span: int, progress: float) -> int:
    """A number in [low, low + span) not taken yet, drawn near ``progress`` of the range so that
    later documents get larger numbers."""
    center, width = progress * span, span / 5
    for _ in range(30):
        value = low + int(min(span - 1, max(0.0, rng.uniform(center - width, center + width))))
        if value not in taken:
            taken.add(value)
            return value
    start = rng.randrange(span)
    for offset in range(span):
        value = low + (start + offset) % span
        if value not in taken:
            taken.add(value)
            return value
    return value  # every number taken: repeat one rather than fail


def _compact_json(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


# === ICS ====================================================================================


@dataclass(frozen=True, slots=True)
class _Group:
    """A generated ICS group: its subject drives titles, committees and Chinese metadata."""

    code: str
    field: str
    subject_en: str
    subject_zh: str
    subgroups: tuple[str, ...]
    ccs: str
    ta_code: str

    @property
    def profile(self) -> str:
        return FIELD_META[self.field][0]

    @property
    def ta_name(self) -> str:
        return f"全国{self.subject_zh}标准化技术委员会"

    def pick_code(self, rng: random.Random) -> str:
        """The group itself or one of its sub-groups."""
        if self.subgroups and rng.random() < 0.5:
            return rng.choice(self.subgroups)
        return self.code


@dataclass(slots=True)
class _Ics:
    groups: list[_Group]
    by_field: dict[str, list[_Group]]
    rows: list[tuple[str, ...]]  # identifier, parent, titleEn, titleFr, scopeEn, scopeFr

    def group_named(self, subject_en: str) -> _Group:
        return next(g for g in self.groups if g.subject_en == subject_en)

    def field_group(self, rng: random.Random, weights: dict[str, float]) -> _Group:
        fields = list(weights)
        return rng.choice(self.by_field[_weighted(rng, fields, [weights[f] for f in fields])])


def _build_ics(rng: random.Random) -> _Ics:
    field_rows = [(code, "", en, fr, "", "") for code, en, fr in ICS_FIELDS]
    group_rows: list[tuple[str, ...]] = []
    sub_rows: list[tuple[str, ...]] = []
    groups: list[_Group] = []
    by_field: dict[str, list[_Group]] = {}
    ta_numbers = iter(rng.sample([n for n in range(1, 640) if n != 22], 600))
    for field_code, _, _ in ICS_FIELDS:
        subjects = SUBJECTS[field_code]
        chosen = list(subjects[: rng.randint(min(8, len(subjects)), min(12, len(subjects)))])
        rng.shuffle(chosen)
        numbers = sorted(rng.sample(range(10, 240, 10), len(chosen)))
        for number, (en, zh) in zip(numbers, chosen, strict=True):
            code = f"{field_code}.{number:03d}"
            scope = _group_scope(rng, en)
            group_rows.append((code, field_code, en, f"[FR] {en}", scope, f"[FR] {scope}" if scope else ""))
            # TC22 / J50 are the real committee and CCS class of metal-cutting machine tools.
            machine_tools = en == "Machine tools"
            group = _Group(
                code=code,
                field=field_code,
                subject_en=en,
                subject_zh=zh,
                subgroups=_subgroups(rng, code, en, sub_rows),
                ccs="J50" if machine_tools else f"{FIELD_META[field_code][1]}{rng.randint(10, 99)}",
                ta_code="TC22" if machine_tools else f"TC{next(ta_numbers)}",
            )
            groups.append(group)
            by_field.setdefault(field_code, []).append(group)
    return _Ics(groups, by_field, field_rows + group_rows + sub_rows)


def _group_scope(rng: random.Random, subject: str) -> str:
    roll = rng.random()
    if roll < 0.04:
        return f'Including so-called "smart" {_lower_first(subject)}'  # exercises "" escaping
    if roll < 0.15:
        return f"Including {_lower_first(subject)} for special purposes"
    return ""


def _subgroups(rng: random.Random, code: str, subject: str, rows: list[tuple[str, ...]]) -> tuple[str, ...]:
    if rng.random() > 0.35:
        return ()
    variants = sorted(rng.sample(range(len(SUBGROUP_VARIANTS)), rng.randint(2, 4)))
    codes = []
    for i, variant in enumerate(variants):
        sub = f"{code}.01" if variant == 0 else f"{code}.{(i + 1) * 10}"
        title = SUBGROUP_VARIANTS[variant].format(s=subject, l=_lower_first(subject))
        rows.append((sub, code, title, f"[FR] {title}", "", ""))
        codes.append(sub)
    return tuple(codes)


def _csv_field(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if value else ""


def _write_ics_csv(path: Path, ics: _Ics) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="\n") as fh:
        fh.write("identifier,parent,titleEn,titleFr,scopeEn,scopeFr\n")
        for row in ics.rows:
            fh.write(",".join(_csv_field(v) for v in row) + "\n")
    return path


# === Titles =================================================================================

# Qualifiers that make a subject a more specific product ("高速精密" + "铸造机械"), for groups whose
# plain titles have all been handed out (beyond about twice the real volume). Four characters and
# two or three words each, so that a qualified title is no near-duplicate of the plain one.
QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("High-speed precision", "高速精密"), ("Heavy-duty industrial", "重型工业"),
    ("Intelligent networked", "智能网联"), ("Portable handheld", "便携手持"),
    ("Explosion-proof mining", "矿用防爆"), ("Low-temperature marine", "低温船用"),
    ("High-pressure hydrogen", "高压氢能"), ("Fully automatic", "全自动化"),
    ("Energy-saving green", "节能绿色"), ("Miniature medical", "微型医用"),
    ("Large offshore", "大型海上"), ("Vehicle-mounted mobile", "车载移动"),
    ("Agricultural outdoor", "农用户外"), ("Benchtop laboratory", "台式实验"),
    ("Household smart", "家用智能"), ("Railway traction", "铁路牵引"),
    ("Lightweight aerospace", "航空轻质"), ("Food-contact hygienic", "食品接触"),
    ("Corrosion-resistant chemical", "耐蚀化工"), ("Fire-resistant building", "耐火建筑"),
    ("Ultra-clean semiconductor", "超净电子"), ("Nuclear-grade safety", "核级安全"),
    ("Cold-chain logistics", "冷链物流"), ("Flexible wearable", "柔性穿戴"),
    ("Modular prefabricated", "模块预制"), ("Remote-controlled unmanned", "遥控无人"),
    ("Multi-axis linkage", "多轴联动"), ("Large-diameter pipeline", "大口径管"),
    ("High-temperature furnace", "高温窑炉"), ("Water-saving irrigation", "节水灌溉"),
    ("Digital twin", "数字孪生"), ("Recycled composite", "再生复合"),
    ("Ultra-high voltage", "特高电压"), ("Deep-sea exploration", "深海探测"),
    ("Plateau high-altitude", "高原高寒"), ("Desert sand-proof", "沙漠防尘"),
    ("Tropical humid", "湿热带用"), ("Polar cold-region", "极地寒区"),
    ("Emergency rescue", "应急救援"), ("Silent low-noise", "静音低噪"),
)  # fmt: skip


# Qualified subjects: one qualifier (variants 1..Q) or two different ones (the rest).
VARIANTS = len(QUALIFIERS) ** 2


def _qualifiers(variant: int) -> tuple[int, ...]:
    """Indexes into QUALIFIERS of a title variant (none for the plain subject)."""
    if variant == 0:
        return ()
    if variant <= len(QUALIFIERS):
        return (variant - 1,)
    first, second = divmod(variant - len(QUALIFIERS) - 1, len(QUALIFIERS) - 1)
    return (first, second + (second >= first))  # never the same qualifier twice


@dataclass(frozen=True, slots=True)
class _Title:
    group: _Group
    aspect: int
    detail: int = -1  # index into DETAILS; -1 when the document is not one part of a series
    part: int = 0
    variant: int = 0  # 0: the group's plain subject; else one or two QUALIFIERS (see _qualifiers)

    @property
    def key(self) -> tuple[str, int, int, int, int]:
        return (self.group.code, self.aspect, self.detail, self.part, self.variant)

    def en(self) -> str:
        subject = self.group.subject_en
        if self.variant:
            first, *second = (QUALIFIERS[i][0] for i in _qualifiers(self.variant))
            subject = " ".join([first, *(_lower_first(q) for q in second), _lower_first(subject)])
        text = f"{subject} — {ASPECTS[self.group.profile][self.aspect][0]}"
        if self.part:
            text += f" — Part {self.part}: {DETAILS[self.group.profile][self.detail][0]}"
        return text

    def zh(self) -> str:
        subject = "".join(QUALIFIERS[i][1] for i in _qualifiers(self.variant)) + self.group.subject_zh
        text = f"{subject} {ASPECTS[self.group.profile][self.aspect][1]}"
        if self.part:
            text += f" 第{self.part}部分：{DETAILS[self.group.profile][self.detail][1]}"
        return text

    def scope(self, rng: random.Random) -> str:
        aspect = ASPECTS[self.group.profile][self.aspect][0].lower()
        return rng.choice(SCOPE_TEMPLATES).format(a=aspect, s=_lower_first(self.group.subject_en))


class _TitleBook:
    """Hands out titles not used before, so that only planted overlaps look alike."""

    def __init__(self) -> None:
        self.used: set[tuple[str, int, int, int, int]] = set()
        self.per_group: dict[str, int] = {}

    def draw(self, rng: random.Random, group: _Group, *, part: int = 0, aspect: int | None = None) -> _Title:
        profile = group.profile
        n_aspects, n_details = len(ASPECTS[profile]), len(DETAILS[profile])
        # Retrying is pointless in a nearly full group (large scales): accept a repeat sooner.
        crowded = self.per_group.get(group.code, 0) > 0.6 * n_aspects * (1 + 6 * n_details)
        for attempt in range(2 if crowded else 12):
            chosen_aspect = rng.randrange(n_aspects) if aspect is None else aspect
            # Each group has few titles without a part: once they are used, series parts remain.
            with_part = bool(part) or attempt >= 2 or rng.random() < 0.3
            detail = rng.randrange(n_details) if with_part else -1
            title = _Title(group, chosen_aspect, detail, (part or rng.randint(1, 6)) if with_part else 0)
            if title.key not in self.used:
                self.used.add(title.key)
                self.per_group[group.code] = self.per_group.get(group.code, 0) + 1
                return title
        if crowded:
            # Repeating a title would make different documents exact duplicates (and the overlap
            # candidates grow with the square of the scale): a qualified subject is a new product.
            # The first free variant from a random one on; there are far more variants than titles.
            start = rng.randrange(VARIANTS)
            for step in range(VARIANTS):
                qualified = replace(title, variant=1 + (start + step) % VARIANTS)
                if qualified.key not in self.used:
                    self.used.add(qualified.key)
                    self.per_group[group.code] += 1
                    return qualified
        return title


# === ISO committees =========================================================================


@dataclass(slots=True)
class _Committee:
    id: int
    reference: str
    title: str
    group: _Group
    parent: int | None
    created: date
    secretariat: str
    p: set[str]
    o: set[str]
    scope: str | None
    organizations: tuple[str, ...]
    liaisons: set[int] = field(default_factory=set)
    status: str = "Active"
    protected: bool = False  # real committees keep their facts: never disbanded nor handed over

    @property
    def is_sc(self) -> bool:
        return "/SC " in self.reference

    def copy(self) -> _Committee:
        return replace(self, p=set(self.p), o=set(self.o), liaisons=set(self.liaisons))


def _sort_key(reference: str) -> str:
    """ISO's sortKey: numbers zero-padded to three digits, sub-committees after a tilde."""
    return re.sub(r"\d+", lambda m: f"{int(m.group()):03d}", reference).replace("/SC ", "/~SC ")


class _CommitteeFactory:
    def __init__(self, rng: random.Random, ics: _Ics) -> None:
        self.rng, self.ics = rng, ics
        self.used_ids: set[int] = set()
        self.last_sc: dict[int | None, int] = {}
        self.last_number = 0
        self.weights = [MEMBER_WEIGHTS.get(m, 1.0) for m in ALL_MEMBERS]

    def remember(self, committees: Iterable[_Committee]) -> None:
        """Numbers in use: a disbanded committee's number is never given again."""
        for committee in committees:
            self.used_ids.add(committee.id)
            numbers = [int(n) for n in re.findall(r"\d+", committee.reference)]
            if committee.is_sc:
                self.last_sc[committee.parent] = max(self.last_sc.get(committee.parent, 0), numbers[-1])
            elif committee.reference.startswith(("ISO/TC", "ISO/PC")):
                self.last_number = max(self.last_number, numbers[0])

    def next_sc(self, parent: _Committee) -> int:
        self.last_sc[parent.id] = self.last_sc.get(parent.id, 0) + 1
        return self.last_sc[parent.id]

    def next_number(self) -> int:
        self.last_number += 1
        return self.last_number

    def new_id(self, created: date) -> int:
        """Ids grow with the creation date, as ISO's do."""
        while True:
            candidate = (created.year - 1935) * 9_000 + self.rng.randrange(9_000)
            if candidate not in self.used_ids:
                self.used_ids.add(candidate)
                return candidate

    def members(self, secretariat: str) -> tuple[set[str], set[str]]:
        rng = self.rng
        n_p = 5 + int(rng.betavariate(1.3, 3.0) * 55)
        n_o = 5 + int(rng.betavariate(1.3, 3.0) * 35)
        ranked = _weighted_sample(rng, ALL_MEMBERS, self.weights, n_p + n_o + 2)
        ranked = [m for m in ranked if m not in (secretariat, "SAC")]
        p = {secretariat, *ranked[: n_p - 1]}
        o = set(ranked[n_p - 1 : n_p - 1 + n_o])
        # China's membership is set apart: its P/O mix is what the participation pages follow.
        if secretariat != "SAC":
            roll = rng.random()
            if roll < 0.72:
                p.add("SAC")
            elif roll < 0.9:
                o.add("SAC")
        return p, o

    def make(
        self, reference: str, title: str, group: _Group, parent: int | None, created: date, secretariat: str
    ) -> _Committee:
        p, o = self.members(secretariat)
        scope = None if self.rng.random() < 0.15 else f"<p>Standardization in the field of {_lower_first(title)}.</p>"
        organizations = tuple(sorted(self.rng.sample(ORGANIZATION_LIAISONS, self.rng.choice((0, 0, 1, 2, 3)))))
        return _Committee(
            id=self.new_id(created),
            reference=reference,
            title=title,
            group=group,
            parent=parent,
            created=created,
            secretariat=secretariat,
            p=p,
            o=o,
            scope=scope,
            organizations=organizations,
        )


def _secretariat_pool(rng: random.Random, n: int) -> list[str]:
    """n secretariat holders in SECRETARIAT_COUNTS proportions, China's count kept exact."""
    counts = dict(SECRETARIAT_COUNTS)
    majors = [m for m in MAJOR_SECRETARIATS if m != "SAC"]
    while sum(counts.values()) < n:
        counts[rng.choice(majors)] += 1
    while sum(counts.values()) > n:
        counts[max(majors, key=counts.__getitem__)] -= 1
    pool = [acronym for acronym, count in counts.items() for _ in range(count)]
    rng.shuffle(pool)
    return pool


# (reference, title, group, parent reference, creation date, fixed secretariat or None)
_PlannedCommittee = tuple[str, str, _Group, str | None, date, str | None]


def _real_committees(rng: random.Random, ics: _Ics) -> list[_PlannedCommittee]:
    """Real committees with their public facts (reference, title, secretariat, creation date);
    the sub-committees of JTC 1 other than SC 27 get generated titles."""
    machine_tools = ics.group_named("Machine tools")
    woodworking = ics.group_named("Woodworking machines")
    security = ics.group_named("Information security")
    jtc1 = "ISO/IEC JTC 1"
    plan: list[_PlannedCommittee] = [
        ("ISO/TC 39", "Machine tools", machine_tools, None, date(1947, 1, 1), "SNV"),
        ("ISO/TC 39/SC 2", "Test conditions for metal cutting machine tools", machine_tools, "ISO/TC 39",
         date(1985, 12, 12), "ASI"),
        ("ISO/TC 39/SC 4", "Woodworking machines", woodworking, "ISO/TC 39", date(1987, 3, 1), None),
        ("ISO/TC 39/SC 10", "Safety", machine_tools, "ISO/TC 39", date(1999, 6, 1), None),
        ("ISO/TC 306", "Foundry machinery", ics.group_named("Foundry machinery"), None, date(2016, 6, 29), "SAC"),
        (jtc1, "Information technology", security, None, date(1987, 1, 1), "ANSI"),
        (f"{jtc1}/SC 27", "Information security, cybersecurity and privacy protection", security, jtc1,
         date(1989, 10, 27), "DIN"),
    ]  # fmt: skip
    for number in JTC1_SC_NUMBERS:
        if number != 27:
            group = rng.choice(ics.by_field["35"])
            created = date(1987 + rng.randrange(35), rng.randint(1, 12), 1)
            plan.append((f"{jtc1}/SC {number}", group.subject_en, group, jtc1, created, None))
    return plan


def _generated_committees(rng: random.Random, ics: _Ics, taken: set[str]) -> list[_PlannedCommittee]:
    """About 300 TCs with their SCs, and a few project committees, spread over the ICS fields."""
    iso_fields = [f for f, _, _ in ICS_FIELDS]
    field_weights = [FIELD_META[f][2] for f in iso_fields]
    numbers = [n for n in range(1, 346) if n not in (39, 306, 318)]
    rng.shuffle(numbers)
    plan: list[_PlannedCommittee] = []
    for number in sorted(numbers[:296]):
        field_code = _weighted(rng, iso_fields, field_weights)
        free = [g for g in ics.by_field[field_code] if g.code not in taken]
        group = rng.choice(free or ics.by_field[field_code])
        taken.add(group.code)
        # TC numbers were given out in order since 1947.
        created = date(min(2022, 1947 + int(number * 0.22) + rng.randint(0, 3)), rng.randint(1, 12), 1)
        reference = f"ISO/TC {number}"
        plan.append((reference, group.subject_en, group, None, created, None))
        n_sc = 0 if rng.random() < 0.42 else min(12, 1 + int(rng.expovariate(0.45)))
        for sc in sorted(rng.sample(range(1, n_sc + 4), n_sc)):
            sc_group = rng.choice(ics.by_field[field_code])
            title = sc_group.subject_en if sc_group.code not in taken else rng.choice(SC_TOPICS)
            taken.add(sc_group.code)
            sc_created = date(rng.randint(created.year, 2022), rng.randint(1, 12), 1)
            plan.append((f"{reference}/SC {sc}", title, sc_group, reference, sc_created, None))
    for number in [318, *numbers[296:302]]:
        group = rng.choice(ics.groups)
        created = date(rng.randint(2015, 2022), rng.randint(1, 12), 1)
        plan.append((f"ISO/PC {number}", group.subject_en, group, None, created, None))
    return plan


def _initial_committees(rng: random.Random, factory: _CommitteeFactory) -> dict[int, _Committee]:
    plan = _real_committees(rng, factory.ics)
    plan += _generated_committees(rng, factory.ics, {group.code for _, _, group, *_ in plan})
    pool = _secretariat_pool(rng, len(plan))
    for *_, secretariat in plan:
        if secretariat:
            pool.remove(secretariat)
    committees: dict[int, _Committee] = {}
    ids: dict[str, int] = {}
    for reference, title, group, parent_ref, created, secretariat in plan:
        parent = ids[parent_ref] if parent_ref else None
        committee = factory.make(reference, title, group, parent, created, secretariat or pool.pop())
        committee.protected = secretariat is not None or reference in ("ISO/PC 318", "ISO/IEC JTC 1/SC 27")
        committees[committee.id] = committee
        ids[reference] = committee.id
    _add_liaisons(rng, committees)
    for committee in rng.sample(sorted(committees.values(), key=lambda c: c.id), 9):
        if not committee.protected:
            committee.status = "Suspended"
    return committees


def _add_liaisons(rng: random.Random, committees: dict[int, _Committee]) -> None:
    by_field: dict[str, list[int]] = {}
    for committee in committees.values():
        by_field.setdefault(committee.group.field, []).append(committee.id)
    for committee in committees.values():
        if rng.random() < 0.2:
            continue
        candidates = [i for i in by_field[committee.group.field] if i != committee.id]
        candidates += [i for i in rng.sample(sorted(committees), 3) if i != committee.id]
        committee.liaisons = set(rng.sample(candidates, min(len(candidates), rng.randint(1, 6))))


def _build_committee_snapshots(rng: random.Random, ics: _Ics) -> dict[str, dict[int, _Committee]]:
    factory = _CommitteeFactory(rng, ics)
    state = _initial_committees(rng, factory)
    factory.remember(state.values())
    snapshots = {DEMO_SNAPSHOTS[0]: {i: c.copy() for i, c in state.items()}}
    for previous, current in zip(DEMO_SNAPSHOTS, DEMO_SNAPSHOTS[1:], strict=False):
        _evolve(rng, factory, state, date.fromisoformat(previous), date.fromisoformat(current))
        snapshots[current] = {i: c.copy() for i, c in state.items()}
    return snapshots


def _evolve(rng: random.Random, factory: _CommitteeFactory, state: dict[int, _Committee], since: date, until: date):
    """One year of committee life. China's participation grows on purpose (secretariats taken
    over, O→P upgrades), because that trend is what the participation pages are about."""
    _disband(rng, state)
    committees = sorted(state.values(), key=lambda c: c.id)
    committees += _create(rng, factory, state, since, until)
    movable = [c for c in committees if c.secretariat != "SAC" and not c.protected]
    for committee in rng.sample(movable, rng.randint(8, 11)):
        _transfer_secretariat(committee, "SAC")
    for committee in rng.sample(movable, rng.randint(2, 4)):
        if committee.secretariat != "SAC":
            others = [
                m for m in MAJOR_SECRETARIATS + ("SIS", "KATS", "UNI", "SA") if m not in ("SAC", committee.secretariat)
            ]
            _transfer_secretariat(committee, rng.choice(others))
    sac_observer = [c for c in committees if "SAC" in c.o]
    for committee in rng.sample(sac_observer, min(len(sac_observer), rng.randint(6, 10))):
        _upgrade(committee, "SAC")
    for committee in rng.sample(committees, rng.randint(15, 25)):
        if committee.o:
            _upgrade(committee, rng.choice(sorted(committee.o)))
    for committee in rng.sample(committees, rng.randint(5, 10)):
        demotable = sorted(committee.p - {committee.secretariat, "SAC"})
        if len(demotable) > 4:
            member = rng.choice(demotable)
            committee.p.discard(member)
            committee.o.add(member)
    for committee in rng.sample(committees, rng.randint(30, 50)):
        outsiders = [m for m in ALL_MEMBERS if m not in committee.p and m not in committee.o]
        member = _weighted(rng, outsiders, [MEMBER_WEIGHTS.get(m, 1.0) for m in outsiders])
        (committee.p if len(committee.p) < 60 and rng.random() < 0.5 else committee.o).add(member)
    for committee in rng.sample(committees, rng.randint(20, 35)):
        leavers = sorted((committee.p | committee.o) - {committee.secretariat, "SAC"})
        if len(leavers) > 10:
            member = rng.choice(leavers)
            committee.p.discard(member)
            committee.o.discard(member)
    for committee in rng.sample([c for c in committees if not c.protected], 2):
        committee.status = "Suspended" if committee.status == "Active" else "Active"


def _disband(rng: random.Random, state: dict[int, _Committee]) -> None:
    committees = sorted(state.values(), key=lambda c: c.id)
    parents = {c.parent for c in committees if c.parent}
    candidates = [c for c in committees if not c.protected and c.id not in parents and c.secretariat != "SAC"]
    for committee in rng.sample(candidates, rng.randint(3, 5)):
        del state[committee.id]
        for other in state.values():
            other.liaisons.discard(committee.id)


def _create(
    rng: random.Random, factory: _CommitteeFactory, state: dict[int, _Committee], since: date, until: date
) -> list[_Committee]:
    tcs = sorted(
        (c for c in state.values() if c.parent is None and c.reference.startswith("ISO/TC")), key=lambda c: c.id
    )
    created_committees = []
    for _ in range(rng.randint(5, 9)):
        created = since + timedelta(days=rng.randrange(1, (until - since).days))
        secretariat = "SAC" if rng.random() < 0.4 else _weighted(rng, MAJOR_SECRETARIATS[:5], (5, 4, 3, 3, 3))
        if rng.random() < 0.25:
            group = rng.choice(factory.ics.groups)
            reference = f"ISO/{'TC' if rng.random() < 0.6 else 'PC'} {factory.next_number()}"
            committee = factory.make(reference, group.subject_en, group, None, created, secretariat)
        else:
            parent = rng.choice(tcs)
            group = rng.choice(factory.ics.by_field[parent.group.field])
            reference = f"{parent.reference}/SC {factory.next_sc(parent)}"
            committee = factory.make(reference, group.subject_en, group, parent.id, created, secretariat)
        state[committee.id] = committee
        created_committees.append(committee)
    return created_committees


def _transfer_secretariat(committee: _Committee, to: str) -> None:
    committee.o.discard(to)
    committee.p.add(to)
    committee.secretariat = to


def _upgrade(committee: _Committee, member: str) -> None:
    committee.o.discard(member)
    committee.p.add(member)


def _stable_owners(snapshots: dict[str, dict[int, _Committee]]) -> list[_Committee]:
    """Committees present in every snapshot: only they own deliverables, so every
    ownerCommittee resolves whichever snapshot it is joined with."""
    ids = set.intersection(*(set(s) for s in snapshots.values()))
    last = snapshots[DEMO_SNAPSHOTS[-1]]
    return sorted((last[i] for i in ids), key=lambda c: c.id)


def _member_list(members: Iterable[str]) -> list[dict] | None:
    return [{"id": MEMBER_IDS[m], "acronym": m} for m in sorted(members, key=MEMBER_IDS.__getitem__)] or None


def _committee_record(committee: _Committee, committees: dict[int, _Committee], children: list[int]) -> dict:
    liaisons = [{"id": i, "reference": committees[i].reference} for i in sorted(committee.liaisons)]
    organizations = [{"id": ORGANIZATION_IDS[o], "acronym": o} for o in committee.organizations]
    return {
        "id": committee.id,
        "reference": committee.reference,
        "status": committee.status,
        "title": {"en": committee.title},
        "secretariat": {"id": MEMBER_IDS[committee.secretariat], "acronym": committee.secretariat},
        "creationDate": committee.created.isoformat(),
        "scope": {"en": committee.scope},
        "parentId": committee.parent,
        "childrenId": sorted(children) or None,
        "pMembers": _member_list(committee.p),
        "oMembers": _member_list(committee.o),
        "committeeLiaisons": liaisons or None,
        "organizationLiaisons": organizations or None,
        "sortKey": _sort_key(committee.reference),
    }


def _write_committees(path: Path, committees: dict[int, _Committee]) -> Path:
    children: dict[int, list[int]] = {}
    for committee in committees.values():
        if committee.parent:
            children.setdefault(committee.parent, []).append(committee.id)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for committee in sorted(committees.values(), key=lambda c: _sort_key(c.reference)):
            record = _committee_record(committee, committees, children.get(committee.id, []))
            fh.write(_compact_json(record) + "\n")
    return path


# === ISO deliverables =======================================================================


@dataclass(slots=True)
class _IsoPub:
    """A published ISO/IEC edition that a Chinese standard may adopt."""

    reference: str
    year: int
    status: str  # current, replaced, withdrawn
    ics: str | None
    title: _Title
    prev: _IsoPub | None = None
    next_year: int | None = None


@dataclass(slots=True)
class _IsoPool:
    current: list[_IsoPub] = field(default_factory=list)
    superseded: list[_IsoPub] = field(default_factory=list)
    # Titles of documents already adopted: one Chinese standard per ISO document.
    adopted: set[tuple[str, int, int, int]] = field(default_factory=set)

    def add(self, pub: _IsoPub) -> None:
        if pub.year < LAST_YEAR:  # a Chinese adoption needs at least a year
            (self.current if pub.status == "current" else self.superseded).append(pub)


class _IsoIds:
    """Ids grow with the year of registration, as ISO's do."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.counters: dict[int, int] = {}

    def next(self, year: int) -> int:
        count = self.counters.get(year, 0) + self.rng.randint(1, 4)
        self.counters[year] = count
        return (year - 1940) * 60_000 + count


@dataclass(slots=True)
class _IsoContext:
    rng: random.Random
    ics: _Ics
    titles: _TitleBook
    pool: _IsoPool
    owners: list[_Committee]
    scale: float
    ids: _IsoIds = field(init=False)
    owner_weights: list[float] = field(init=False)
    iec_owners: list[_Committee] = field(init=False)
    iec_weights: list[float] = field(init=False)
    numbers: dict[str, set[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ids = _IsoIds(self.rng)
        # A few committees own most documents, as at ISO.
        self.owner_weights = [min(40.0, self.rng.paretovariate(1.1)) for _ in self.owners]
        electro = [
            (c, w)
            for c, w in zip(self.owners, self.owner_weights, strict=True)
            if c.group.field in ELECTROTECHNICAL_FIELDS
        ]
        self.iec_owners = [c for c, _ in electro]
        self.iec_weights = [w for _, w in electro]

    def number(self, space: str, year: int) -> int:
        """A document number not used before; later years get larger numbers, as at ISO."""
        low, span = (60_000, 8_000) if space == "IEC" else (1, 30_000)
        span = int(span * max(1.0, self.scale))  # large scales need more numbers than the real ranges hold
        progress = (year - FIRST_ISO_YEAR) / (LAST_YEAR - FIRST_ISO_YEAR + 1)
        return _free_number(self.rng, self.numbers.setdefault(space, set()), low, span, progress)


def _record(
    id_: int,
    reference: str,
    title_en: str,
    *,
    owner: str,
    stage: int,
    dtype: str = "IS",
    supplement: str | None = None,
    published: date | None = None,
    edition: int = 1,
    ics: list[str] | None = None,
    replaces: list[int] | None = None,
    replaced_by: list[int] | None = None,
    languages: list[str] | None = None,
    pages: int | None = None,
    scope: str | None = None,
) -> dict:
    """One deliverable in the official 2026 JSONL key order."""
    return {
        "id": id_,
        "deliverableType": dtype,
        "supplementType": supplement,
        "reference": reference,
        "title": {"en": title_en, "fr": f"[FR] {title_en}"},
        "publicationDate": published.isoformat() if published else None,
        "edition": edition,
        "icsCode": ics,
        "ownerCommittee": owner,
        "currentStage": stage,
        "replaces": replaces,
        "replacedBy": replaced_by,
        "languages": languages or ["en"],
        "pages": {"en": pages},
        "scope": {"en": scope},
    }


def _write_deliverables(path: Path, ctx: _IsoContext, scale: float) -> Path:
    target = max(50, round(ISO_DELIVERABLES_PER_SCALE * scale))
    written = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for record in _preliminary_records(ctx, max(3, round(6 * scale))):
            fh.write(_compact_json(record) + "\n")
            written += 1
        while written < target:
            for record in _iso_unit(ctx):
                fh.write(_compact_json(record) + "\n")
                written += 1
    return path


def _preliminary_records(ctx: _IsoContext, count: int) -> Iterator[dict]:
    """Stage-00 proposals: once the dot is dropped their stage code keeps only two digits."""
    rng = ctx.rng
    for i in range(count):
        owner = _weighted(rng, ctx.owners, ctx.owner_weights)
        prefix = "ISO/IEC PWI" if owner.reference.startswith("ISO/IEC") else "ISO/PWI"
        reference = f"{prefix} {ctx.number('ISO', LAST_YEAR)}"
        title = ctx.titles.draw(rng, owner.group)
        yield _record(
            ctx.ids.next(LAST_YEAR + 1), reference, title.en(), owner=owner.reference, stage=(98, 20, 99)[i % 3]
        )


def _languages(rng: random.Random) -> list[str]:
    roll = rng.random()
    return ["en", "fr"] if roll < 0.85 else ["en"] if roll < 0.97 else ["en", "fr", "ru"]


def _ics_codes(rng: random.Random, ics: _Ics, group: _Group) -> list[str] | None:
    roll = rng.random()
    if roll < 0.02:
        return None
    codes = [group.pick_code(rng)]
    if roll > 0.82:
        other = rng.choice(ics.by_field[group.field]).pick_code(rng)
        if other not in codes:
            codes.append(other)
    return codes


def _edition_years(rng: random.Random, first: int) -> list[int]:
    years = [first]
    while rng.random() < 0.5:
        following = years[-1] + rng.randint(4, 12)
        if following > LAST_YEAR:
            break
        years.append(following)
    return years


def _current_stage(rng: random.Random, year: int) -> int:
    """Stage of a current edition: published, then confirmed or sent back at systematic reviews."""
    age = LAST_YEAR - year
    if age <= 3:
        return 6060
    roll = rng.random()
    if age <= 5:
        return 6060 if roll < 0.5 else 9093 if roll < 0.8 else 9020 if roll < 0.9 else 9060
    return 9093 if roll < 0.75 else 9092 if roll < 0.83 else 9060 if roll < 0.9 else 9020


def _iso_prefix(publisher: str, dtype: str) -> str:
    if dtype == "IS":
        return publisher
    return f"ISO/{dtype}" if publisher == "ISO" else f"{publisher} {dtype}"


def _dev_prefix(publisher: str, stage: int) -> str:
    dev = {3020: "CD", 4020: "DIS", 4060: "DIS", 5020: "FDIS", 6000: "PRF"}[stage]
    return f"ISO/{dev}" if publisher == "ISO" else f"{publisher} {dev}"


def _iso_unit(ctx: _IsoContext) -> list[dict]:
    """One new project, or one document (or a multi-part series) with all its editions."""
    rng = ctx.rng
    if rng.random() < 0.2 and ctx.iec_owners:
        owner, publisher = _weighted(rng, ctx.iec_owners, ctx.iec_weights), "IEC"
    else:
        owner = _weighted(rng, ctx.owners, ctx.owner_weights)
        publisher = "ISO/IEC" if owner.reference.startswith("ISO/IEC") else "ISO"
    if publisher != "IEC" and rng.random() < 0.04:
        return [_new_project(ctx, owner, publisher)]
    roll = rng.random()
    dtype = "IS" if roll < 0.85 else "TS" if roll < 0.92 else "TR" if roll < 0.98 else "PAS"
    if publisher == "IEC" and dtype == "PAS":
        dtype = "IS"
    first_year = _skewed_year(rng, FIRST_ISO_YEAR, LAST_YEAR, 1.7)
    number = ctx.number("IEC" if publisher == "IEC" else "ISO", first_year)
    parts = rng.randint(2, 4) if rng.random() < 0.25 else 0
    aspect = rng.randrange(len(ASPECTS[owner.group.profile]))
    records = []
    for part in range(1, parts + 1) if parts else [0]:
        title = ctx.titles.draw(rng, owner.group, part=part, aspect=aspect if part else None)
        part_year = min(LAST_YEAR, first_year + (rng.randint(0, 2) if part else 0))
        records += _iso_lineage(ctx, owner, f"{_iso_prefix(publisher, dtype)} {number}", dtype, title, part_year)
    return records


def _iso_lineage(ctx: _IsoContext, owner: _Committee, stem: str, dtype: str, title: _Title, first_year: int):
    """Every edition of one document: older ones withdrawn and replaced by the next (95.99),
    the latest current or withdrawn, sometimes with a revision under way and supplements."""
    rng = ctx.rng
    years = _edition_years(rng, first_year)
    doc = f"{stem}-{title.part}" if title.part else stem
    publisher = "IEC" if stem.startswith("IEC") else "ISO/IEC" if stem.startswith("ISO/IEC") else "ISO"
    ics = _ics_codes(rng, ctx.ics, owner.group)
    languages = _languages(rng)
    withdrawn = years[-1] <= LAST_YEAR - 5 and rng.random() < 0.12
    ids = [ctx.ids.next(y) for y in years]
    stages = [9599] * (len(years) - 1) + [9599 if withdrawn else _current_stage(rng, years[-1])]
    revision = None
    if not withdrawn and dtype == "IS" and publisher != "IEC" and rng.random() < 0.1:
        revision = ctx.ids.next(LAST_YEAR + 1)
        stages[-1] = 9092  # the current edition stays valid while its revision is prepared
    records, prev = [], None
    for k, (year, id_) in enumerate(zip(years, ids, strict=True)):
        last = k == len(years) - 1
        reference = f"{doc}:{year}"
        record = _record(
            id_,
            reference,
            title.en(),
            owner=owner.reference,
            stage=stages[k],
            dtype=dtype,
            published=_date_in(rng, year),
            edition=k + 1,
            ics=ics,
            replaces=[ids[k - 1]] if k else None,
            replaced_by=[ids[k + 1]] if not last else [revision] if revision else None,
            languages=languages,
            pages=None if rng.random() < 0.1 else rng.randint(8, 120),
            scope=None if rng.random() < 0.3 else title.scope(rng),
        )
        status = "current" if stages[k] != 9599 else "withdrawn" if last else "replaced"
        next_year = None if last else years[k + 1]
        records += [record, *_supplements(ctx, record, title, year, next_year, status == "current")]
        if dtype in ("IS", "TS"):
            prev = _IsoPub(reference, year, status, ics[0] if ics else None, title, prev, next_year)
            ctx.pool.add(prev)
    if revision:
        stage = rng.choice((3020, 4020, 4060, 4060, 5020))
        dev_ref = doc.replace(publisher, _dev_prefix(publisher, stage), 1)
        records.append(
            _record(
                revision,
                dev_ref,
                title.en(),
                owner=owner.reference,
                stage=stage,
                edition=len(years) + 1,
                ics=ics,
                replaces=[ids[-1]],
                languages=languages,
            )
        )
    return records


def _supplements(ctx: _IsoContext, base: dict, title: _Title, year: int, next_year: int | None, current: bool):
    """An amendment or corrigendum: its own row, the base reference as prefix."""
    rng = ctx.rng
    last_year = next_year - 1 if next_year else LAST_YEAR
    if rng.random() > 0.07 or last_year <= year:
        return []
    kind, label = ("Amd", "Amendment 1") if rng.random() < 0.6 else ("Cor", "Technical Corrigendum 1")
    issued = rng.randint(year + 1, last_year)
    return [
        _record(
            ctx.ids.next(issued),
            f"{base['reference']}/{kind} 1:{issued}",
            f"{title.en()} — {label}",
            owner=base["ownerCommittee"],
            stage=(6060 if issued >= LAST_YEAR - 4 else 9093) if current else 9599,
            dtype=base["deliverableType"],
            supplement=kind,
            published=_date_in(rng, issued),
            ics=base["icsCode"],
            languages=base["languages"],
            pages=rng.randint(2, 12),
        )
    ]


def _new_project(ctx: _IsoContext, owner: _Committee, publisher: str) -> dict:
    rng = ctx.rng
    stage = rng.choice((3020, 3020, 4020, 4060, 5020, 6000))
    reference = f"{_dev_prefix(publisher, stage)} {ctx.number('ISO', LAST_YEAR)}"
    title = ctx.titles.draw(rng, owner.group)
    ics = _ics_codes(rng, ctx.ics, owner.group)
    return _record(ctx.ids.next(LAST_YEAR + 1), reference, title.en(), owner=owner.reference, stage=stage, ics=ics)


# === std.samr search pages ==================================================================


@dataclass(slots=True)
class _Row:
    """One catalogue row before it is written; planted rows are kept free of oddities."""

    level: str
    values: dict
    planted: bool = False


@dataclass(slots=True)
class _CnContext:
    rng: random.Random
    ics: _Ics
    titles: _TitleBook
    pool: _IsoPool
    scale: float
    numbers: dict[str, set[int]] = field(default_factory=dict)

    def number(self, space: str, year: int, low: int, high: int, width: int = 0) -> str:
        """A document number not used before in its numbering space, larger for later years."""
        span = int((high - low + 1) * max(1.0, self.scale))
        progress = (year - FIRST_CN_YEAR) / (LAST_YEAR - FIRST_CN_YEAR + 1)
        value = _free_number(self.rng, self.numbers.setdefault(space, set()), low, span, progress)
        return f"{value:0{width}d}"


def _cn_date(day: date | None, as_millis: bool) -> str | int | None:
    if day is None:
        return None
    if as_millis:
        # The catalogue's epoch milliseconds mark midnight in China (UTC+8), not in UTC.
        return int(datetime(day.year, day.month, day.day, tzinfo=CHINA_TZ).timestamp() * 1000)
    return day.isoformat()


@dataclass(slots=True)
class _Std:
    """What varies between Chinese rows; _row turns it into the search response's fields."""

    level: str
    code: str
    title: _Title
    issued: date
    state: str
    nature: str | None
    ics: str | None
    replaces: str | None = None
    adopt: tuple[str, str] | None = None
    title_zh: str | None = None
    title_en: str | None = None
    english: float = 0.0  # chance that an English title is given when none is set
    ta: bool = False
    department: str | None = None
    plan: str | None = None
    province: str | None = None


def _row(rng: random.Random, std: _Std) -> _Row:
    as_millis = rng.random() < 0.05
    act = std.issued + timedelta(days=rng.randint(30, 365))
    state = "即将实施" if std.state == "现行" and act > AS_OF else std.state
    group = std.title.group
    values = {
        "id": f"{rng.getrandbits(128):032X}",
        "C_STD_CODE": std.code,
        "C_C_NAME": std.title_zh or std.title.zh(),
        "C_E_NAME": std.title_en or (std.title.en() if rng.random() < std.english else None),
        "STATE": state,
        "STD_NATURE": std.nature,
        "STD_DOMAIN": DOMAIN[std.level],
        "TABLE_NAME": TABLE[std.level],
        "ICS": std.ics,
        "CCS": group.ccs if rng.random() > 0.03 else None,
        "ISSUE_DATE": _cn_date(std.issued, as_millis),
        "ACT_DATE": _cn_date(act if rng.random() > 0.005 else None, as_millis),
        "TOTAL_REPE": std.replaces,
        "ADOPT_NO": std.adopt[0] if std.adopt else None,
        "ADOPT_LEVEL": std.adopt[1] if std.adopt else None,
        "TA_CODE": group.ta_code if std.ta else None,
        "TA_NAME": group.ta_name if std.ta else None,
        "CD_NAME": std.department,
        "PLAN_CODE": std.plan,
    }
    if std.province is not None:
        values["PROVINCE"] = std.province
    return _Row(std.level, values)


def _cn_ics(rng: random.Random, group: _Group, missing: float) -> str | None:
    return None if rng.random() < missing else group.pick_code(rng)


def _degree(rng: random.Random) -> str:
    return _weighted(rng, [d for d, _ in ADOPTION_DEGREES], [w for _, w in ADOPTION_DEGREES])


def _pick_adoption(ctx: _CnContext, lagging: bool) -> _IsoPub | None:
    """An ISO/IEC edition nobody adopted yet: current, or (lagging) one since replaced or withdrawn."""
    pubs = ctx.pool.superseded if lagging else ctx.pool.current
    for _ in range(8):
        if not pubs:
            return None
        pub = ctx.rng.choice(pubs)
        if pub.title.key not in ctx.pool.adopted and pub.year >= FIRST_CN_YEAR - 1:
            ctx.pool.adopted.add(pub.title.key)
            return pub
    return None


def _back_years(rng: random.Random, latest: int, count: int, first: int) -> list[int]:
    years = [latest]
    for _ in range(count - 1):
        earlier = years[0] - rng.randint(5, 12)
        if earlier < first:
            break
        years.insert(0, earlier)
    return years


def _edition_count(rng: random.Random) -> int:
    roll = rng.random()
    return 1 if roll < 0.55 else 2 if roll < 0.85 else 3 if roll < 0.97 else 4


def _national_prefix(rng: random.Random) -> tuple[str, str, str]:
    prefix, nature, kind, _ = _weighted(rng, NATIONAL_PREFIXES, [w for *_, w in NATIONAL_PREFIXES])
    return prefix, nature, kind


def _plan_code(rng: random.Random, year: int, kind: str, field_code: str) -> str | None:
    if year < 2005:
        return None
    department = DEPARTMENT_CODES[FIELD_META[field_code][4]]
    return f"{year - rng.randint(1, 2)}{rng.randint(1, 9999):04d}-{kind}-{department}"


def _superseded_state(rng: random.Random) -> str:
    return "被代替" if rng.random() < 0.85 else "废止"


def _latest_state(rng: random.Random, may_abolish: bool) -> str:
    return "废止" if may_abolish and rng.random() < 0.06 else "现行"


def _national_unit(ctx: _CnContext) -> list[_Row]:
    """One national standard with its editions; about half adopt an ISO/IEC edition."""
    rng = ctx.rng
    prefix, nature, kind = _national_prefix(rng)
    adopted = _pick_adoption(ctx, lagging=rng.random() < 0.15) if rng.random() < 0.5 else None
    degree = _degree(rng) if adopted else None
    if adopted:
        group = adopted.title.group
        title = adopted.title if degree != "NEQ" else ctx.titles.draw(rng, group)
        # Adopted 1-4 years after ISO published it; a lagging adoption before ISO's next edition.
        limit = adopted.next_year or LAST_YEAR
        latest = min(LAST_YEAR, max(adopted.year + 1, min(limit, adopted.year + rng.randint(1, 4))))
    else:
        group = ctx.ics.field_group(rng, {f: m[3] for f, m in FIELD_META.items()})
        title = ctx.titles.draw(rng, group)
        latest = _skewed_year(rng, FIRST_CN_YEAR, LAST_YEAR, 1.3)
    years = _back_years(rng, latest, _edition_count(rng), FIRST_CN_YEAR)
    number = ctx.number("GB", years[0], 1, 45_000)
    if title.part:
        number = f"{number}.{title.part}"
    ics = adopted.ics if adopted and adopted.ics else _cn_ics(rng, group, 0.01)
    codes = [f"{prefix} {number}-{y}" for y in years]
    rows = []
    for k, year in enumerate(years):
        last = k == len(years) - 1
        adopt = None
        if adopted and last:
            adopt = (adopted.reference, degree)
        elif adopted and adopted.prev and k == len(years) - 2 and year > adopted.prev.year:
            adopt = (adopted.prev.reference, degree)  # the previous edition followed ISO's previous one
        replaces = codes[k - 1] if k else None
        if replaces and rng.random() < 0.05:  # a merger: one edition replaces two standards
            replaces += f"、{prefix} {ctx.number('GB', year - 10, 1, 45_000)}-{year - rng.randint(6, 15)}"
        std = _Std(
            "national",
            codes[k],
            title,
            _date_in(rng, year),
            state=_latest_state(rng, not adopted) if last else _superseded_state(rng),
            nature=nature,
            ics=ics,
            replaces=replaces,
            adopt=adopt,
            title_en=adopted.title.en() if adopt and degree != "NEQ" else None,
            english=0.7,
            ta=True,
            department=FIELD_META[group.field][4],
            plan=_plan_code(rng, year, kind, group.field),
        )
        rows.append(_row(rng, std))
    return rows


def _industry_unit(ctx: _CnContext) -> list[_Row]:
    rng = ctx.rng
    prefix, fields, department, _ = _weighted(rng, INDUSTRY_PREFIXES, [p[3] for p in INDUSTRY_PREFIXES])
    adopted = _pick_adoption(ctx, lagging=False) if rng.random() < 0.03 else None
    if adopted and adopted.title.group.field not in fields:
        ctx.pool.adopted.discard(adopted.title.key)
        adopted = None
    group = adopted.title.group if adopted else rng.choice(ctx.ics.by_field[rng.choice(fields)])
    title = ctx.titles.draw(rng, group)
    if adopted:
        latest = min(LAST_YEAR, adopted.year + rng.randint(1, 4))
    else:
        latest = _skewed_year(rng, FIRST_CN_YEAR, LAST_YEAR, 1.4)
    years = _back_years(rng, latest, min(3, _edition_count(rng)), FIRST_CN_YEAR)
    mandatory = rng.random() < 0.05
    number = ctx.number(prefix, years[0], 1, 9_999, 4 if prefix == "YY" else 0)
    codes = [f"{prefix}{'' if mandatory else '/T'} {number}-{y}" for y in years]
    rows = []
    for k, year in enumerate(years):
        last = k == len(years) - 1
        std = _Std(
            "industry",
            codes[k],
            title,
            _date_in(rng, year),
            state=_latest_state(rng, True) if last else _superseded_state(rng),
            nature="强制性" if mandatory else "推荐性",
            ics=_cn_ics(rng, group, 0.05),
            replaces=codes[k - 1] if k else None,
            adopt=(adopted.reference, rng.choice(("IDT", "MOD", "NEQ"))) if adopted and last else None,
            english=0.25,
            ta=rng.random() < 0.6,
            department=department,
        )
        rows.append(_row(rng, std))
    return rows


def _local_code(ctx: _CnContext, province_code: str, year: int, mandatory: bool) -> str:
    number = ctx.number(f"DB{province_code}", year, 1, 6_500)
    # Mandatory local standards are written "DB13/ 6187-2025" in the catalogue.
    return f"DB{province_code}/ {number}" if mandatory else f"DB{province_code}/T {number}"


def _local_unit(ctx: _CnContext) -> list[_Row]:
    rng = ctx.rng
    province_code, province = rng.choice(PROVINCES)
    group = ctx.ics.field_group(rng, LOCAL_FIELD_WEIGHTS)
    title = ctx.titles.draw(rng, group)
    years = _back_years(rng, _skewed_year(rng, 2000, LAST_YEAR, 2.0), min(2, _edition_count(rng)), 2000)
    mandatory = rng.random() < 0.05
    stem = _local_code(ctx, province_code, years[0], mandatory)
    rows = []
    for k, year in enumerate(years):
        std = _Std(
            "local",
            f"{stem}-{year}",
            title,
            _date_in(rng, year),
            state=_latest_state(rng, True) if k == len(years) - 1 else _superseded_state(rng),
            nature="强制性" if mandatory else "推荐性",
            ics=_cn_ics(rng, group, 0.08),
            replaces=f"{stem}-{years[k - 1]}" if k else None,
            english=0.05,
            department=f"{province}市场监督管理局",
            province=province,
        )
        rows.append(_row(rng, std))
    return rows


def _group_code(ctx: _CnContext, association: str, year: int) -> str:
    return f"T/{association} {ctx.number(f'T/{association}', year, 1, 9_999, 5 if association == 'CMES' else 3)}"


def _group_unit(ctx: _CnContext) -> list[_Row]:
    rng = ctx.rng
    association, _, fields, _ = _weighted(rng, ASSOCIATIONS, [a[3] for a in ASSOCIATIONS])
    group = rng.choice(ctx.ics.by_field[rng.choice(fields)])
    title = ctx.titles.draw(rng, group)
    years = _back_years(rng, _skewed_year(rng, 2016, LAST_YEAR, 1.8), 2 if rng.random() < 0.1 else 1, 2015)
    stem = _group_code(ctx, association, years[0])
    rows = []
    for k, year in enumerate(years):
        std = _Std(
            "group",
            f"{stem}-{year}",
            title,
            _date_in(rng, year),
            state=_latest_state(rng, True) if k == len(years) - 1 else "废止",
            nature=None,
            ics=_cn_ics(rng, group, 0.05),
            replaces=f"{stem}-{years[k - 1]}" if k else None,
            english=0.2,
        )
        rows.append(_row(rng, std))
    return rows


def _title_variant(rng: random.Random, text: str) -> str:
    """A near-identical spelling of a Chinese title: equal after normalisation, or one generic word off."""
    roll = rng.random()
    if roll < 0.35:
        return text
    if roll < 0.7:
        # Punctuation and full-width forms only: equal once NFKC-normalised and stripped.
        choice = rng.randrange(3)
        if choice == 0:
            return text.replace(" ", "\u3000")
        if choice == 1:
            return text.replace(" ", "").replace("：", ":")
        return text.translate(str.maketrans("0123456789 ", "０１２３４５６７８９\u3000"))
    for ending in GENERIC_ENDINGS:
        if text.endswith(ending):
            return text[: -len(ending)] + rng.choice([e for e in GENERIC_ENDINGS if e != ending])
    return text + rng.choice(GENERIC_ENDINGS)


def _overlap_levels(rng: random.Random) -> list[str]:
    """Levels of one planted overlap group: two to four distinct levels, sometimes two provinces."""
    while True:
        levels = [level for level, p in zip(CN_LEVELS, (0.85, 0.6, 0.7, 0.6), strict=True) if rng.random() < p]
        if len(levels) >= 2:
            break
    if "local" in levels and rng.random() < 0.15:
        levels.append("local")
    return levels


def _overlap_unit(ctx: _CnContext, levels: list[str]) -> list[_Row]:
    """Current standards of different levels on one subject with near-identical titles (交叉重复)."""
    rng = ctx.rng
    industry_fields = {f for _, fields, _, _ in INDUSTRY_PREFIXES for f in fields}
    group = rng.choice([g for g in ctx.ics.groups if g.field in industry_fields])
    title = ctx.titles.draw(rng, group)
    provinces = rng.sample(PROVINCES, 2)
    rows = []
    for i, level in enumerate(levels):
        year = _skewed_year(rng, 2008, LAST_YEAR - 1, 1.5)
        std = _Std(
            level,
            "",
            title,
            _date_in(rng, year),
            state="现行",
            nature="推荐性",
            ics=group.pick_code(rng),
            title_zh=title.zh() if i == 0 else _title_variant(rng, title.zh()),
        )
        if level == "national":
            prefix, std.nature, kind = _national_prefix(rng)
            std.code = f"{prefix} {ctx.number('GB', year, 1, 45_000)}-{year}"
            std.english, std.ta, std.department = 0.7, True, FIELD_META[group.field][4]
            std.plan = _plan_code(rng, year, kind, group.field)
        elif level == "industry":
            prefix, _, std.department, _ = rng.choice([p for p in INDUSTRY_PREFIXES if group.field in p[1]])
            std.code = f"{prefix}/T {ctx.number(prefix, year, 1, 9_999, 4 if prefix == 'YY' else 0)}-{year}"
            std.ta = rng.random() < 0.6
        elif level == "local":
            province_code, std.province = provinces.pop()
            std.code = f"{_local_code(ctx, province_code, year, False)}-{year}"
            std.department = f"{std.province}市场监督管理局"
        else:
            associations = [a for a in ASSOCIATIONS if group.field in a[2]] or list(ASSOCIATIONS)
            std.code = f"{_group_code(ctx, rng.choice(associations)[0], year)}-{year}"
            std.nature = None
        row = _row(rng, std)
        row.planted = True
        rows.append(row)
    return rows


def _double_current_unit(ctx: _CnContext) -> list[_Row]:
    """Two editions of one number both still marked 现行: a stale-status finding."""
    rng = ctx.rng
    prefix, nature, kind = _national_prefix(rng)
    group = ctx.ics.field_group(rng, {f: m[3] for f, m in FIELD_META.items()})
    title = ctx.titles.draw(rng, group)
    newer = rng.randint(2012, LAST_YEAR - 1)
    older = newer - rng.randint(4, 10)
    number = ctx.number("GB", older, 1, 45_000)
    ics = group.pick_code(rng)
    rows = []
    for year in (older, newer):
        std = _Std(
            "national",
            f"{prefix} {number}-{year}",
            title,
            _date_in(rng, year),
            state="现行",
            nature=nature,
            ics=ics,
            replaces=f"{prefix} {number}-{older}" if year == newer and rng.random() < 0.5 else None,
            english=0.7,
            ta=True,
            department=FIELD_META[group.field][4],
            plan=_plan_code(rng, year, kind, group.field),
        )
        row = _row(rng, std)
        row.values["STATE"] = "现行"
        row.planted = True
        rows.append(row)
    return rows


def _apply_oddity(rng: random.Random, row: _Row, oddity: str) -> bool:
    """Plant one odd value on a row; False when the row does not suit it."""
    values = row.values
    code = values["C_STD_CODE"]
    if oddity == "fullwidth_dash":
        if row.level != "national":
            return False
        stem, year = code.rsplit("-", 1)
        values["C_STD_CODE"] = f"{stem}—{year}"
    elif oddity == "stray_space":
        values["C_STD_CODE"] = code.replace(" ", "  ", 1) if rng.random() < 0.5 else code + " "
    elif oddity == "sacinfo":
        subject, _, rest = values["C_C_NAME"].partition(" ")
        if not rest:
            return False
        values["C_C_NAME"] = f"<sacinfo>{subject}</sacinfo> {rest}"
    elif oddity == "placeholder_date":
        values["ISSUE_DATE"] = "1900-01-01"
    elif oddity == "empty_code":
        values["C_STD_CODE"] = ""
    elif oddity == "bad_date":
        values["ACT_DATE" if rng.random() < 0.5 else "ISSUE_DATE"] = "2020-13-45"
    return True


class _PageWriter:
    """Writes rows as std.samr search pages of SAMR_PAGE_SIZE rows, as they are produced."""

    def __init__(self, out_dir: Path, total: int) -> None:
        self.out_dir, self.total = out_dir, total
        self.rows: list[dict] = []
        self.paths: list[Path] = []

    def add(self, values: dict) -> None:
        self.rows.append(values)
        if len(self.rows) == SAMR_PAGE_SIZE:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        path = self.out_dir / f"samr_search_p{len(self.paths) + 1:04d}.json"
        path.write_text(_compact_json({"total": self.total, "rows": self.rows}), encoding="utf-8")
        self.paths.append(path)
        self.rows = []


def _write_samr_pages(out_dir: Path, ctx: _CnContext, scale: float) -> list[Path]:
    """Rows of all levels interleaved. Each level's row count is fixed in advance so that every
    page can carry the grand total while the rows are still being generated."""
    rng = ctx.rng
    quotas = {level: max(20, round(n * scale)) for level, n in SAMR_ROWS_PER_SCALE.items()}
    total = sum(quotas.values())
    overlap_plans = [_overlap_levels(rng) for _ in range(max(2, round(OVERLAP_GROUPS_PER_SCALE * scale)))]
    doubles = max(1, round(DOUBLE_CURRENT_PER_SCALE * scale))
    remaining = dict(quotas)
    for levels in overlap_plans:
        for level in levels:
            remaining[level] -= 1
    remaining["national"] -= 2 * doubles
    if min(remaining.values()) < 0:
        raise ValueError(f"scale {scale} is too small for the planted overlaps")
    remaining["overlap"] = sum(map(len, overlap_plans))
    remaining["double"] = 2 * doubles
    units = {
        "national": _national_unit,
        "industry": _industry_unit,
        "local": _local_unit,
        "group": _group_unit,
        "overlap": lambda c: _overlap_unit(c, overlap_plans.pop()),
        "double": _double_current_unit,
    }
    triggers: dict[int, list[str]] = {}
    for name, count in ODDITIES:
        for index in rng.sample(range(total), count):
            triggers.setdefault(index, []).append(name)
    pending = dict.fromkeys((name for name, _ in ODDITIES), 0)

    writer = _PageWriter(out_dir, total)
    emitted = 0
    categories = list(units)
    while any(remaining.values()):
        category = _weighted(rng, categories, [remaining[c] for c in categories])
        # Dropping the oldest editions of the last unit keeps each level's count exact.
        rows = units[category](ctx)[-remaining[category] :]
        remaining[category] -= len(rows)
        for row in rows:
            for name in triggers.get(emitted, ()):
                pending[name] += 1
            if not row.planted:
                for name in [n for n, count in pending.items() if count]:
                    if _apply_oddity(rng, row, name):
                        pending[name] -= 1
                        break
            writer.add(row.values)
            emitted += 1
    writer.flush()
    return writer.paths
