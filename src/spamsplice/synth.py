"""Synthetic training data: a phrase bank of spam insertions and an injector that splices them into clean hosts.

Why: there is no labelled corpus of spliced spam, only two seed pages and a field guide
(``SPAM-PATTERNS.md``). So the detector learns from clean host text with phrases spliced in the ways real
spam networks splice them (between words, inside a word, as a line of its own, replacing a word, as link
text, cut off by the end of an excerpt), and from *hard negatives*: the same topic words used legitimately,
forum furniture, code-mixed text and text-spinner noise. Every phrase and sentence here was written for this
module; nothing is copied from a web page.

Every gold span satisfies ``doc.text[span.start:span.end] == span.text`` (checked when a ``SynthDoc`` is
built), and generation is deterministic for a seed: each record draws from ``random.Random`` seeded with the
injector seed and the record id, so a record gets the same insertions wherever it appears in the stream.

Example::

    >>> import random
    >>> from spamsplice.synth import TEMPLATES, Injector, expand
    >>> phrase = expand(TEMPLATES[0], random.Random(1))
    >>> doc = Injector(TEMPLATES, seed=3, spam_fraction=1.0).make_doc(
    ...     {"id": "d1", "lang": "en", "text": "The survey lists the three main reasons for churn."})
    >>> all(doc.text[s.start:s.end] == s.text for s in doc.spans)
    True
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Collection, Iterable, Iterator, Mapping, Sequence

import regex

# --------------------------------------------------------------------------------------------------------
# Slot fillers
# --------------------------------------------------------------------------------------------------------

# About forty countries per language, in that language's script; "a|b" lists spellings seen in the wild.
_COUNTRY_TABLE: dict[str, str] = {
    "en": "India|Nepal|Bangladesh|Pakistan|Sri Lanka|China|Japan|South Korea|Korea|Vietnam|Thailand|Indonesia|"
    "Malaysia|Philippines|Singapore|Australia|USA|United States|US|Canada|Mexico|Brazil|Argentina|Peru|"
    "Colombia|UK|United Kingdom|France|Germany|Italy|Spain|Netherlands|Sweden|Norway|Iceland|Poland|Russia|"
    "Turkey|Saudi Arabia|UAE|Egypt|Iran|Nigeria|South Africa|Kenya|Qatar|Kuwait|Afghanistan|Ireland|Chile",
    "hi": "भारत|नेपाल|बांग्लादेश|पाकिस्तान|श्रीलंका|चीन|जापान|दक्षिण कोरिया|वियतनाम|थाईलैंड|इंडोनेशिया|मलेशिया|"
    "फिलीपींस|सिंगापुर|ऑस्ट्रेलिया|अमेरिका|कनाडा|मेक्सिको|ब्राज़ील|अर्जेंटीना|पेरू|कोलंबिया|ब्रिटेन|फ्रांस|जर्मनी|"
    "इटली|स्पेन|नीदरलैंड|स्वीडन|नॉर्वे|आइसलैंड|पोलैंड|रूस|तुर्की|सऊदी अरब|यूएई|मिस्र|ईरान|नाइजीरिया|दक्षिण अफ्रीका|"
    "कतर|कुवैत",
    "ne": "भारत|नेपाल|बंगलादेश|पाकिस्तान|श्रीलंका|चीन|जापान|दक्षिण कोरिया|भियतनाम|थाइल्यान्ड|इन्डोनेसिया|मलेसिया|"
    "फिलिपिन्स|सिंगापुर|अष्ट्रेलिया|अमेरिका|क्यानडा|मेक्सिको|ब्राजिल|अर्जेन्टिना|पेरु|कोलम्बिया|बेलायत|फ्रान्स|जर्मनी|"
    "इटाली|स्पेन|नेदरल्यान्ड्स|स्वीडेन|नर्वे|आइसल्यान्ड|पोल्यान्ड|रुस|टर्की|साउदी अरब|युएई|इजिप्ट|इरान|नाइजेरिया|"
    "दक्षिण अफ्रिका|कतार|कुवेत|मलेसिया",
    "mr": "भारत|नेपाळ|बांगलादेश|पाकिस्तान|श्रीलंका|चीन|जपान|दक्षिण कोरिया|व्हिएतनाम|थायलंड|इंडोनेशिया|मलेशिया|"
    "फिलिपिन्स|सिंगापूर|ऑस्ट्रेलिया|अमेरिका|कॅनडा|मेक्सिको|ब्राझील|अर्जेंटिना|पेरू|कोलंबिया|ब्रिटन|फ्रान्स|जर्मनी|"
    "इटली|स्पेन|नेदरलँड्स|स्वीडन|नॉर्वे|आइसलँड|पोलंड|रशिया|तुर्कस्तान|सौदी अरेबिया|संयुक्त अरब अमिराती|इजिप्त|"
    "इराण|नायजेरिया|दक्षिण आफ्रिका",
    "bn": "ভারত|নেপাল|বাংলাদেশ|পাকিস্তান|শ্রীলঙ্কা|চীন|জাপান|দক্ষিণ কোরিয়া|ভিয়েতনাম|থাইল্যান্ড|ইন্দোনেশিয়া|"
    "মালয়েশিয়া|ফিলিপাইন|সিঙ্গাপুর|অস্ট্রেলিয়া|যুক্তরাষ্ট্র|আমেরিকা|কানাডা|মেক্সিকো|ব্রাজিল|আর্জেন্টিনা|পেরু|"
    "কলম্বিয়া|যুক্তরাজ্য|ফ্রান্স|জার্মানি|ইতালি|স্পেন|নেদারল্যান্ডস|সুইডেন|নরওয়ে|আইসল্যান্ড|পোল্যান্ড|রাশিয়া|"
    "তুরস্ক|সৌদি আরব|সংযুক্ত আরব আমিরাত|মিশর|ইরান|নাইজেরিয়া|দক্ষিণ আফ্রিকা|কাতার|কুয়েত",
    "ur": "بھارت|نیپال|بنگلہ دیش|پاکستان|سری لنکا|چین|جاپان|جنوبی کوریا|ویتنام|تھائی لینڈ|انڈونیشیا|ملائیشیا|"
    "فلپائن|سنگاپور|آسٹریلیا|امریکہ|کینیڈا|میکسیکو|برازیل|ارجنٹینا|پیرو|کولمبیا|برطانیہ|فرانس|جرمنی|اٹلی|اسپین|"
    "نیدرلینڈز|سویڈن|ناروے|آئس لینڈ|پولینڈ|روس|ترکی|سعودی عرب|متحدہ عرب امارات|مصر|ایران|نائیجیریا|جنوبی افریقہ|"
    "قطر|کویت|افغانستان",
    "ta": "இந்தியா|நேபாளம்|வங்காளதேசம்|பாகிஸ்தான்|இலங்கை|சீனா|ஜப்பான்|தென் கொரியா|வியட்நாம்|தாய்லாந்து|"
    "இந்தோனேசியா|மலேசியா|பிலிப்பைன்ஸ்|சிங்கப்பூர்|ஆஸ்திரேலியா|அமெரிக்கா|கனடா|மெக்சிகோ|பிரேசில்|அர்ஜென்டினா|"
    "பெரு|கொலம்பியா|பிரிட்டன்|பிரான்ஸ்|ஜெர்மனி|இத்தாலி|ஸ்பெயின்|நெதர்லாந்து|சுவீடன்|நார்வே|ஐஸ்லாந்து|போலந்து|"
    "ரஷ்யா|துருக்கி|சவுதி அரேபியா|ஐக்கிய அரபு அமீரகம்|எகிப்து|ஈரான்|நைஜீரியா|தென்னாப்பிரிக்கா",
    "gu": "ભારત|નેપાળ|બાંગ્લાદેશ|પાકિસ્તાન|શ્રીલંકા|ચીન|જાપાન|દક્ષિણ કોરિયા|વિયેતનામ|થાઈલેન્ડ|ઇન્ડોનેશિયા|મલેશિયા|"
    "ફિલિપાઇન્સ|સિંગાપોર|ઓસ્ટ્રેલિયા|અમેરિકા|કેનેડા|મેક્સિકો|બ્રાઝિલ|આર્જેન્ટિના|પેરુ|કોલંબિયા|બ્રિટન|ફ્રાન્સ|જર્મની|"
    "ઇટાલી|સ્પેન|નેધરલેન્ડ|સ્વીડન|નોર્વે|આઇસલેન્ડ|પોલેન્ડ|રશિયા|તુર્કી|સાઉદી અરેબિયા|યુએઈ|ઇજિપ્ત|ઈરાન|નાઇજીરીયા|"
    "દક્ષિણ આફ્રિકા",
    "pa": "ਭਾਰਤ|ਨੇਪਾਲ|ਬੰਗਲਾਦੇਸ਼|ਪਾਕਿਸਤਾਨ|ਸ੍ਰੀਲੰਕਾ|ਚੀਨ|ਜਪਾਨ|ਦੱਖਣੀ ਕੋਰੀਆ|ਵੀਅਤਨਾਮ|ਥਾਈਲੈਂਡ|ਇੰਡੋਨੇਸ਼ੀਆ|ਮਲੇਸ਼ੀਆ|"
    "ਫਿਲੀਪੀਨਜ਼|ਸਿੰਗਾਪੁਰ|ਆਸਟ੍ਰੇਲੀਆ|ਅਮਰੀਕਾ|ਕੈਨੇਡਾ|ਮੈਕਸੀਕੋ|ਬ੍ਰਾਜ਼ੀਲ|ਅਰਜਨਟੀਨਾ|ਪੇਰੂ|ਕੋਲੰਬੀਆ|ਬਰਤਾਨੀਆ|ਫਰਾਂਸ|ਜਰਮਨੀ|"
    "ਇਟਲੀ|ਸਪੇਨ|ਨੀਦਰਲੈਂਡ|ਸਵੀਡਨ|ਨਾਰਵੇ|ਆਈਸਲੈਂਡ|ਪੋਲੈਂਡ|ਰੂਸ|ਤੁਰਕੀ|ਸਾਊਦੀ ਅਰਬ|ਯੂਏਈ|ਮਿਸਰ|ਈਰਾਨ|ਨਾਈਜੀਰੀਆ|"
    "ਦੱਖਣੀ ਅਫ਼ਰੀਕਾ",
    "zh": "印度|尼泊尔|孟加拉国|巴基斯坦|斯里兰卡|中国|日本|韩国|越南|泰国|印度尼西亚|印尼|马来西亚|菲律宾|新加坡|"
    "澳大利亚|澳洲|美国|加拿大|墨西哥|巴西|阿根廷|秘鲁|哥伦比亚|英国|法国|德国|意大利|西班牙|荷兰|瑞典|挪威|冰岛|"
    "波兰|俄罗斯|土耳其|沙特阿拉伯|沙特|阿联酋|埃及|伊朗|尼日利亚|南非|卡塔尔|科威特|智利",
    "zh-Hant": "印度|尼泊爾|孟加拉|巴基斯坦|斯里蘭卡|中國|日本|韓國|南韓|越南|泰國|印尼|馬來西亞|菲律賓|新加坡|澳洲|"
    "美國|加拿大|墨西哥|巴西|阿根廷|秘魯|哥倫比亞|英國|法國|德國|義大利|西班牙|荷蘭|瑞典|挪威|冰島|波蘭|俄羅斯|"
    "土耳其|沙烏地阿拉伯|阿聯酋|埃及|伊朗|奈及利亞|南非|香港|台灣",
    "ja": "インド|ネパール|バングラデシュ|パキスタン|スリランカ|中国|日本|韓国|ベトナム|タイ|インドネシア|マレーシア|"
    "フィリピン|シンガポール|オーストラリア|アメリカ|カナダ|メキシコ|ブラジル|アルゼンチン|ペルー|コロンビア|"
    "イギリス|フランス|ドイツ|イタリア|スペイン|オランダ|スウェーデン|ノルウェー|アイスランド|ポーランド|ロシア|"
    "トルコ|サウジアラビア|アラブ首長国連邦|エジプト|イラン|ナイジェリア|南アフリカ",
    "ko": "인도|네팔|방글라데시|파키스탄|스리랑카|중국|일본|한국|베트남|태국|인도네시아|말레이시아|필리핀|싱가포르|"
    "호주|미국|캐나다|멕시코|브라질|아르헨티나|페루|콜롬비아|영국|프랑스|독일|이탈리아|스페인|네덜란드|스웨덴|"
    "노르웨이|아이슬란드|폴란드|러시아|튀르키예|터키|사우디아라비아|아랍에미리트|이집트|이란|나이지리아|남아공",
    "ru": "Индия|Непал|Бангладеш|Пакистан|Шри-Ланка|Китай|Япония|Южная Корея|Вьетнам|Таиланд|Индонезия|Малайзия|"
    "Филиппины|Сингапур|Австралия|США|Канада|Мексика|Бразилия|Аргентина|Перу|Колумбия|Великобритания|Франция|"
    "Германия|Италия|Испания|Нидерланды|Швеция|Норвегия|Исландия|Польша|Россия|Турция|Саудовская Аравия|ОАЭ|"
    "Египет|Иран|Нигерия|ЮАР|Казахстан|Узбекистан|Беларусь",
    "uk": "Індія|Непал|Бангладеш|Пакистан|Шрі-Ланка|Китай|Японія|Південна Корея|В'єтнам|Таїланд|Індонезія|Малайзія|"
    "Філіппіни|Сінгапур|Австралія|США|Канада|Мексика|Бразилія|Аргентина|Перу|Колумбія|Велика Британія|Франція|"
    "Німеччина|Італія|Іспанія|Нідерланди|Швеція|Норвегія|Ісландія|Польща|Росія|Туреччина|Саудівська Аравія|ОАЕ|"
    "Єгипет|Іран|Нігерія|ПАР|Україна|Молдова",
    "ar": "الهند|نيبال|بنغلاديش|باكستان|سريلانكا|الصين|اليابان|كوريا الجنوبية|فيتنام|تايلاند|إندونيسيا|ماليزيا|"
    "الفلبين|سنغافورة|أستراليا|الولايات المتحدة|أمريكا|كندا|المكسيك|البرازيل|الأرجنتين|بيرو|كولومبيا|"
    "المملكة المتحدة|بريطانيا|فرنسا|ألمانيا|إيطاليا|إسبانيا|هولندا|السويد|النرويج|آيسلندا|بولندا|روسيا|تركيا|"
    "السعودية|الإمارات|مصر|إيران|نيجيريا|جنوب أفريقيا|قطر|الكويت|عمان|الأردن|المغرب",
    "fa": "هند|نپال|بنگلادش|پاکستان|سریلانکا|چین|ژاپن|کره جنوبی|ویتنام|تایلند|اندونزی|مالزی|فیلیپین|سنگاپور|"
    "استرالیا|آمریکا|کانادا|مکزیک|برزیل|آرژانتین|پرو|کلمبیا|انگلستان|بریتانیا|فرانسه|آلمان|ایتالیا|اسپانیا|هلند|"
    "سوئد|نروژ|ایسلند|لهستان|روسیه|ترکیه|عربستان سعودی|امارات|مصر|ایران|نیجریه|آفریقای جنوبی|قطر|کویت|افغانستان",
    "ps": "هند|نیپال|بنګله دیش|پاکستان|سریلانکا|چین|جاپان|سویلي کوریا|ویتنام|تایلنډ|اندونیزیا|مالیزیا|فیلیپین|"
    "سنګاپور|استرالیا|امریکا|کاناډا|مکسیکو|برازیل|ارجنټاین|پیرو|کولمبیا|برتانیه|فرانسه|جرمني|ایټالیا|هسپانیه|"
    "هالنډ|سویډن|ناروې|آیسلینډ|پولنډ|روسیه|ترکیه|سعودي عربستان|متحده عربي امارات|مصر|ایران|نایجیریا|"
    "سویلي افریقا|افغانستان|قطر",
    "vi": "Ấn Độ|Nepal|Bangladesh|Pakistan|Sri Lanka|Trung Quốc|Nhật Bản|Hàn Quốc|Việt Nam|Thái Lan|Indonesia|"
    "Malaysia|Philippines|Singapore|Úc|Mỹ|Hoa Kỳ|Canada|Mexico|Brazil|Argentina|Peru|Colombia|Anh|Pháp|Đức|Ý|"
    "Tây Ban Nha|Hà Lan|Thụy Điển|Na Uy|Iceland|Ba Lan|Nga|Thổ Nhĩ Kỳ|Ả Rập Xê Út|UAE|Ai Cập|Iran|Nigeria|Nam Phi|"
    "Lào|Campuchia",
    "id": "India|Nepal|Bangladesh|Pakistan|Sri Lanka|Tiongkok|Cina|Jepang|Korea Selatan|Vietnam|Thailand|Indonesia|"
    "Malaysia|Filipina|Singapura|Australia|Amerika Serikat|Kanada|Meksiko|Brasil|Argentina|Peru|Kolombia|Inggris|"
    "Prancis|Jerman|Italia|Spanyol|Belanda|Swedia|Norwegia|Islandia|Polandia|Rusia|Turki|Arab Saudi|"
    "Uni Emirat Arab|Mesir|Iran|Nigeria|Afrika Selatan|Brunei|Timor Leste",
    "es": "India|Nepal|Bangladés|Pakistán|Sri Lanka|China|Japón|Corea del Sur|Vietnam|Tailandia|Indonesia|Malasia|"
    "Filipinas|Singapur|Australia|Estados Unidos|EE. UU.|Canadá|México|Brasil|Argentina|Perú|Colombia|Chile|"
    "Ecuador|Reino Unido|Francia|Alemania|Italia|España|Países Bajos|Suecia|Noruega|Islandia|Polonia|Rusia|"
    "Turquía|Arabia Saudita|Emiratos Árabes Unidos|Egipto|Irán|Nigeria|Sudáfrica|Venezuela|Bolivia",
    "pt": "Índia|Nepal|Bangladesh|Paquistão|Sri Lanka|China|Japão|Coreia do Sul|Vietnã|Vietname|Tailândia|Indonésia|"
    "Malásia|Filipinas|Singapura|Austrália|Estados Unidos|Canadá|México|Brasil|Argentina|Peru|Colômbia|"
    "Reino Unido|França|Alemanha|Itália|Espanha|Holanda|Suécia|Noruega|Islândia|Polônia|Polónia|Rússia|Turquia|"
    "Arábia Saudita|Emirados Árabes Unidos|Egito|Irã|Nigéria|África do Sul|Angola|Moçambique|Portugal",
    "fr": "Inde|Népal|Bangladesh|Pakistan|Sri Lanka|Chine|Japon|Corée du Sud|Vietnam|Thaïlande|Indonésie|Malaisie|"
    "Philippines|Singapour|Australie|États-Unis|Canada|Mexique|Brésil|Argentine|Pérou|Colombie|Royaume-Uni|"
    "France|Allemagne|Italie|Espagne|Pays-Bas|Suède|Norvège|Islande|Pologne|Russie|Turquie|Arabie saoudite|"
    "Émirats arabes unis|Égypte|Iran|Nigeria|Afrique du Sud|Maroc|Sénégal|Belgique|Suisse",
    "de": "Indien|Nepal|Bangladesch|Pakistan|Sri Lanka|China|Japan|Südkorea|Vietnam|Thailand|Indonesien|Malaysia|"
    "Philippinen|Singapur|Australien|USA|Kanada|Mexiko|Brasilien|Argentinien|Peru|Kolumbien|Großbritannien|"
    "Frankreich|Deutschland|Italien|Spanien|Niederlande|Schweden|Norwegen|Island|Polen|Russland|Türkei|"
    "Saudi-Arabien|VAE|Ägypten|Iran|Nigeria|Südafrika|Österreich|Schweiz",
    "tr": "Hindistan|Nepal|Bangladeş|Pakistan|Sri Lanka|Çin|Japonya|Güney Kore|Vietnam|Tayland|Endonezya|Malezya|"
    "Filipinler|Singapur|Avustralya|ABD|Amerika|Kanada|Meksika|Brezilya|Arjantin|Peru|Kolombiya|İngiltere|Fransa|"
    "Almanya|İtalya|İspanya|Hollanda|İsveç|Norveç|İzlanda|Polonya|Rusya|Türkiye|Suudi Arabistan|BAE|Mısır|İran|"
    "Nijerya|Güney Afrika|Azerbaycan",
    "it": "India|Nepal|Bangladesh|Pakistan|Sri Lanka|Cina|Giappone|Corea del Sud|Vietnam|Thailandia|Indonesia|"
    "Malesia|Filippine|Singapore|Australia|Stati Uniti|Canada|Messico|Brasile|Argentina|Perù|Colombia|"
    "Regno Unito|Francia|Germania|Italia|Spagna|Paesi Bassi|Svezia|Norvegia|Islanda|Polonia|Russia|Turchia|"
    "Arabia Saudita|Emirati Arabi Uniti|Egitto|Iran|Nigeria|Sudafrica|Svizzera",
    "pl": "Indie|Nepal|Bangladesz|Pakistan|Sri Lanka|Chiny|Japonia|Korea Południowa|Wietnam|Tajlandia|Indonezja|"
    "Malezja|Filipiny|Singapur|Australia|USA|Kanada|Meksyk|Brazylia|Argentyna|Peru|Kolumbia|Wielka Brytania|"
    "Francja|Niemcy|Włochy|Hiszpania|Holandia|Szwecja|Norwegia|Islandia|Polska|Rosja|Turcja|Arabia Saudyjska|"
    "ZEA|Egipt|Iran|Nigeria|RPA|Czechy|Ukraina",
    "th": "อินเดีย|เนปาล|บังกลาเทศ|ปากีสถาน|ศรีลังกา|จีน|ญี่ปุ่น|เกาหลีใต้|เวียดนาม|ไทย|อินโดนีเซีย|มาเลเซีย|"
    "ฟิลิปปินส์|สิงคโปร์|ออสเตรเลีย|อเมริกา|สหรัฐอเมริกา|แคนาดา|เม็กซิโก|บราซิล|อาร์เจนตินา|เปรู|โคลอมเบีย|"
    "อังกฤษ|ฝรั่งเศส|เยอรมนี|อิตาลี|สเปน|เนเธอร์แลนด์|สวีเดน|นอร์เวย์|ไอซ์แลนด์|โปแลนด์|รัสเซีย|ตุรกี|"
    "ซาอุดีอาระเบีย|สหรัฐอาหรับเอมิเรตส์|อียิปต์|อิหร่าน|ไนจีเรีย|แอฟริกาใต้|ลาว|กัมพูชา|พม่า",
}
COUNTRIES: dict[str, tuple[str, ...]] = {lang: tuple(names.split("|")) for lang, names in _COUNTRY_TABLE.items()}

# Languages without a table of their own borrow one (romanised code-mixing writes English names).
_SLOT_FALLBACK = {"ms": "id", "hi-en": "en", "mr-en": "en", "nl": "en", "sw": "en", "tl": "en", "und": "en"}

_LATIN_CHANNELS = ("WhatsApp", "Telegram", "Viber", "WeChat", "LINE", "Signal", "imo", "KakaoTalk", "Zalo",
                   "Skype", "Messenger", "WhatsApp Business", "Telegram Premium", "TG", "WA")
_NATIVE_CHANNELS: dict[str, tuple[str, ...]] = {
    "hi": ("व्हाट्सएप", "टेलीग्राम", "वाइबर", "वीचैट", "सिग्नल"),
    "ne": ("ह्वाट्सएप", "टेलिग्राम", "भाइबर", "वीच्याट", "सिग्नल", "इमो"),
    "mr": ("व्हॉट्सॲप", "टेलिग्राम", "व्हायबर"),
    "bn": ("হোয়াটসঅ্যাপ", "টেলিগ্রাম", "ভাইবার", "ইমো"),
    "ur": ("واٹس ایپ", "ٹیلیگرام", "وائبر", "ایمو"),
    "ta": ("வாட்ஸ்அப்", "டெலிகிராம்", "வைபர்"),
    "gu": ("વોટ્સએપ", "ટેલિગ્રામ"),
    "pa": ("ਵਟਸਐਪ", "ਟੈਲੀਗ੍ਰਾਮ"),
    "zh": ("WhatsApp", "Telegram", "微信", "LINE", "电报", "Viber", "Signal", "Zalo", "飞机"),
    "zh-Hant": ("WhatsApp", "Telegram", "微信", "LINE", "電報", "Viber"),
    "ja": ("LINE", "WhatsApp", "Telegram", "テレグラム", "カカオトーク"),
    "ko": ("카카오톡", "텔레그램", "왓츠앱", "라인", "텔레"),
    "ru": ("WhatsApp", "Telegram", "Viber", "Ватсап", "Телеграм", "Вайбер", "Signal"),
    "uk": ("Viber", "Telegram", "Вайбер", "Телеграм", "WhatsApp"),
    "ar": ("واتساب", "تيليجرام", "فايبر", "وي شات", "سيجنال", "تلغرام"),
    "fa": ("واتساپ", "تلگرام", "وایبر", "ایمو"),
    "ps": ("واټساپ", "ټیلیګرام", "وایبر", "ایمو"),
    "vi": ("Zalo", "Telegram", "WhatsApp", "Viber"),
    "th": ("LINE", "ไลน์", "WhatsApp", "Telegram", "เทเลแกรม"),
    "id": ("WhatsApp", "WA", "Telegram", "Line"),
    "ms": ("WhatsApp", "WA", "Telegram", "WeChat"),
}
_SOCIAL = ("Instagram", "TikTok", "YouTube", "Facebook", "Twitter", "X", "Telegram", "Threads", "Twitch",
           "Spotify", "LinkedIn", "Pinterest")
_INDUSTRIES = ("real estate agents", "dentists", "doctors", "lawyers", "accountants", "restaurants", "car dealers",
               "insurance agents", "nurses", "architects", "hotels", "pharmacies", "construction companies",
               "software companies", "chiropractors", "plumbers", "CFOs", "HR managers", "marketing managers",
               "school principals", "veterinarians", "florists", "gym owners", "logistics companies")
_PRODUCTS = ("led strip", "cnc machine", "solar panel", "hydraulic pump", "pvc pipe", "packaging box", "yoga mat",
             "water purifier", "air compressor", "laser cutter", "steel wire", "silicone mold",
             "3d printer filament", "bluetooth speaker", "phone case", "forklift", "kitchen sink",
             "office chair", "diesel generator", "shipping container", "acrylic sheet", "safety shoes")
_TOPICS = ("Customer Experience", "Email Marketing", "Lead Generation", "Remote Work", "Small Business Growth",
           "Content Marketing", "Social Media Strategy", "Customer Retention", "Sales Funnels", "Brand Awareness",
           "Mobile Marketing", "Data Privacy", "Team Productivity", "Online Reviews", "Local SEO",
           "Customer Support", "Product Launches", "Affiliate Marketing")
# Building blocks of data-selling phrases, so the bank also yields phrasings no template spells out.
_DATA_ADJ: dict[str, tuple[str, ...]] = {
    "en": ("latest", "updated", "verified", "active", "fresh", "accurate", "cheap", "genuine", "targeted", "real",
           "100% valid", "premium", "bulk", "complete", "new", "daily updated"),
    "zh": ("最新", "实时", "精准", "活跃", "更新", "高质量", "全球", "真实"),
    "hi": ("नवीनतम", "अपडेटेड", "सत्यापित", "सक्रिय", "ताज़ा", "सस्ता"),
    "ne": ("नयाँ", "अपडेट गरिएको", "प्रमाणित", "सक्रिय", "पछिल्लो"),
    "ru": ("свежая", "актуальная", "проверенная", "новая", "полная"),
}
_DATA_NOUN: dict[str, tuple[str, ...]] = {
    "en": ("number data", "numbers list", "number database", "phone list", "mobile list", "database", "data",
           "leads", "contact list", "user list", "dataset", "number library", "directory", "email list",
           "phone numbers", "cell phone numbers", "mobile numbers", "contacts", "sms list", "lead list"),
    "zh": ("号码数据", "手机号码", "电话号码清单", "数据库", "用户数据", "号码列表", "客户名单", "精准数据", "活跃号码",
           "手机号数据"),
    "hi": ("नंबर डेटा", "मोबाइल नंबर सूची", "डेटाबेस", "फोन नंबर लिस्ट", "ईमेल सूची", "संपर्क सूची"),
    "ne": ("नम्बर डाटा", "मोबाइल नम्बर सूची", "डाटाबेस", "फोन नम्बर सूची", "इमेल सूची"),
    "ru": ("база номеров", "база данных", "список номеров", "номера телефонов", "база email"),
    "es": ("base de datos", "lista de números", "números de teléfono", "datos de contacto", "lista de celulares"),
    "pt": ("lista de números", "banco de dados", "dados de contato", "números de celular", "lista de leads"),
    "id": ("data nomor", "database", "daftar nomor", "nomor HP", "kontak", "data leads"),
    "vi": ("data số điện thoại", "danh sách số", "cơ sở dữ liệu", "data khách hàng", "kho số"),
    "ar": ("بيانات أرقام", "قاعدة بيانات", "قائمة أرقام", "أرقام هواتف", "أرقام جوالات"),
}
_DATA_SUFFIX: dict[str, tuple[str, ...]] = {
    "en": ("", "", "{year}", "free download", "for sale", "sample", "download", "updated", "{year} updated", "online",
           "provider", "store", "csv", "excel"),
    "zh": ("", "出售", "下载", "购买", "{year}年", "批发", "免费试用"),
    "hi": ("", "{year}", "डाउनलोड", "बिक्री के लिए", "मुफ्त"),
    "ne": ("", "{year}", "डाउनलोड", "बिक्रीमा"),
    "ru": ("", "{year}", "скачать", "купить", "недорого"),
    "es": ("", "{year}", "actualizada", "gratis", "en venta"),
    "pt": ("", "{year}", "atualizada", "grátis", "à venda"),
    "id": ("", "{year}", "terbaru", "aktif", "murah", "lengkap"),
    "vi": ("", "{year}", "mới nhất", "giá rẻ", "chất lượng"),
    "ar": ("", "{year}", "محدثة", "حقيقية", "نشطة"),
}
_SMALL_NUMBERS = ("3", "5", "7", "8", "10", "12", "15", "21", "25")
_BIG_NUMBERS = ("1000", "5000", "10K", "50K", "100K", "500K", "1M", "2 million", "10,000", "100,000+", "300K",
                "1.5M", "20000")

_DIGIT_SETS = {
    "deva": "०१२३४५६७८९", "beng": "০১২৩৪৫৬৭৮৯", "arab": "٠١٢٣٤٥٦٧٨٩", "arab_ext": "۰۱۲۳۴۵۶۷۸۹",
    "gujr": "૦૧૨૩૪૫૬૭૮૯", "guru": "੦੧੨੩੪੫੬੭੮੯", "taml": "௦௧௨௩௪௫௬௭௮௯", "thai": "๐๑๒๓๔๕๖๗๘๙",
    "fullwidth": "０１２３４５６７８９",
}
# (digit set, probability of writing numbers in it) for phrases of that language.
_NATIVE_DIGITS = {
    "hi": ("deva", 0.4), "ne": ("deva", 0.6), "mr": ("deva", 0.45), "bn": ("beng", 0.5), "ar": ("arab", 0.4),
    "fa": ("arab_ext", 0.6), "ur": ("arab_ext", 0.35), "ps": ("arab_ext", 0.5), "gu": ("gujr", 0.4),
    "pa": ("guru", 0.3), "ta": ("taml", 0.1), "th": ("thai", 0.2), "zh": ("fullwidth", 0.12),
    "zh-Hant": ("fullwidth", 0.12), "ja": ("fullwidth", 0.2),
}
_HAN_DIGITS = "〇一二三四五六七八九"

_SITE_PREFIX = ("Acme", "Apex", "Nova", "Blue", "Prime", "Metro", "Zen", "Swift", "Pixel", "Orbit", "Bright",
                "Alpha", "Delta", "Omni", "Vista", "Urban", "Royal", "Golden", "Smart", "Rapid", "Star", "Peak",
                "Core", "Fusion", "Latest", "Special", "Mega", "Ultra", "True", "Next", "Global", "Asia", "Euro")
_SITE_MIDDLE = ("Number", "Numbers", "Leads", "Data", "Phone", "Contact", "Mail", "List", "Lists", "Base", "Dial",
                "Cell", "Mobile", "Email", "Lead", "Info", "Dataset", "Directory", "Database", "Tele", "SMS")
_SITE_SUFFIX = ("Hub", "Store", "Shop", "Base", "Pro", "Zone", "Point", "Mart", "Depot", "Direct", "Center",
                "Library", "World", "Club", "Bank", "Source", "Lab", "Box", "Cloud", "Market", "Now", "Plus",
                "Express", "Expert", "BD", "Online")
_DOMAIN_TAIL = ("data", "dataset", "database", "directory", "leads", "numbers", "list", "lists", "mail", "phone",
                "db", "contacts", "sms", "tel", "bd", "lead", "info")
_TLDS = ("store", "com", "net", "shop", "xyz", "io", "co", "online", "site", "top", "info", "biz", "org", "pro",
         "live", "club", "cc", "me", "in", "co.uk")
_URL_PATHS = ("", "/", "/forum", "/shop/", "/?ref=home", "/telegram-data/", "/category/phone-number-list/",
              "/product/{slug}/", "/{slug}", "/blog/{slug}.html", "/index.php?topic={n}", "/viewtopic.php?t={n}")
_ONSETS = ("b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "cr", "dr", "gr",
           "kr", "pl", "pr", "st", "tr", "sh", "ch", "x", "q", "j")
_NUCLEI = ("a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y")
_CODAS = ("", "", "", "n", "r", "x", "l", "s", "m", "k")


def _invented_word(rng: random.Random, syllables: tuple[int, int] = (2, 3)) -> str:
    """A pronounceable made-up word, so brand and site names never belong to anyone."""
    n = rng.randint(*syllables)
    return "".join(rng.choice(_ONSETS) + rng.choice(_NUCLEI) for _ in range(n)) + rng.choice(_CODAS)


def _site_name(rng: random.Random) -> str:
    form = rng.randrange(5)
    if form == 0:
        return f"{rng.choice(_SITE_PREFIX)} {rng.choice(_SITE_MIDDLE)} {rng.choice(_SITE_SUFFIX)}"
    if form == 1:
        return f"{rng.choice(_SITE_MIDDLE)}{rng.choice(_SITE_MIDDLE)} {rng.choice(_SITE_SUFFIX)}"
    if form == 2:
        return f"{rng.choice(_SITE_PREFIX)}{rng.choice(_SITE_MIDDLE)} {rng.choice(_SITE_SUFFIX)}"
    if form == 3:
        return f"{_invented_word(rng).capitalize()} {rng.choice(_SITE_MIDDLE)} {rng.choice(_SITE_SUFFIX)}"
    return f"{rng.choice(_SITE_PREFIX)} {rng.choice(_SITE_MIDDLE)}"


def _domain(rng: random.Random) -> str:
    head = rng.choice((_invented_word(rng, (1, 2)), rng.choice(_SITE_PREFIX).lower(), rng.choice(_SITE_MIDDLE).lower()))
    joiner = "-" if rng.random() < 0.2 else ""
    return f"{head}{joiner}{rng.choice(_DOMAIN_TAIL)}.{rng.choice(_TLDS)}"


def _slug(rng: random.Random) -> str:
    words = ("phone", "number", "list", "data", "whatsapp", "telegram", "leads", "email", "database", "buy",
             "latest", "update", "mobile", "country", _invented_word(rng, (1, 2)))
    return "-".join(rng.sample(words, rng.randint(2, 4)))


def _url(rng: random.Random) -> str:
    scheme = rng.choice(("https://", "https://", "http://", ""))
    www = "www." if rng.random() < 0.4 else ""
    path = rng.choice(_URL_PATHS).format(slug=_slug(rng), n=rng.randint(10, 99999))
    return f"{scheme}{www}{_domain(rng)}{path}"


def _to_digits(text: str, digit_set: str) -> str:
    table = _DIGIT_SETS[digit_set]
    return "".join(table[int(c)] if "0" <= c <= "9" else c for c in text)


def _localize_number(text: str, lang: str, rng: random.Random) -> str:
    native = _NATIVE_DIGITS.get(lang)
    if native and rng.random() < native[1]:
        return _to_digits(text, native[0])
    return text


def _year(lang: str, rng: random.Random) -> str:
    year = rng.randint(2023, 2026)
    if lang == "th" and rng.random() < 0.25:
        year += 543  # Thai solar calendar
    text = str(year)
    if lang == "zh" and rng.random() < 0.08:
        return "".join(_HAN_DIGITS[int(c)] for c in text)
    return _localize_number(text, lang, rng)


def _host_words(host_text: str | None, lang: str, rng: random.Random) -> str:
    """Another post's title made of words of the host itself (internal-link spam)."""
    if not host_text or not _WORD_RE.search(host_text):
        return " ".join(rng.sample(_TOPICS, 2))
    if lang in _SPACELESS:
        runs = [m for m in _WORD_RE.finditer(host_text) if len(m.group()) >= 4]
        if runs:
            run = rng.choice(runs).group()
            length = rng.randint(4, min(10, len(run)))
            start = rng.randint(0, len(run) - length)
            return run[start:start + length]
    words = [m.group() for m in _WORD_RE.finditer(host_text)]
    length = min(len(words), rng.randint(3, 7))
    start = rng.randint(0, len(words) - length)
    title = " ".join(words[start:start + length])
    if rng.random() < 0.6:
        title = " ".join(w[:1].upper() + w[1:] for w in title.split(" "))
    return title


def _fill(slot: str, lang: str, rng: random.Random, host_text: str | None) -> str:
    table_lang = lang if lang in COUNTRIES else _SLOT_FALLBACK.get(lang, "en")
    if slot == "country":
        return rng.choice(COUNTRIES[table_lang])
    if slot == "channel":
        native = _NATIVE_CHANNELS.get(lang)
        return rng.choice(native) if native and rng.random() < 0.65 else rng.choice(_LATIN_CHANNELS)
    if slot == "year":
        return _year(lang, rng)
    if slot == "number":
        return _localize_number(rng.choice(_BIG_NUMBERS), lang, rng)
    if slot == "n":
        return _localize_number(rng.choice(_SMALL_NUMBERS), lang, rng)
    if slot == "site":
        return _site_name(rng)
    if slot == "domain":
        return ("www." if rng.random() < 0.2 else "") + _domain(rng)
    if slot == "url":
        return _url(rng)
    if slot == "brand":
        return _invented_word(rng).capitalize()
    if slot == "social":
        return rng.choice(_SOCIAL)
    if slot == "industry":
        return rng.choice(_INDUSTRIES)
    if slot == "product":
        return rng.choice(_PRODUCTS)
    if slot == "topic":
        return rng.choice(_TOPICS)
    if slot == "host_words":
        return _host_words(host_text, lang, rng)
    if slot in ("data_adj", "data_noun", "data_suffix"):
        table = {"data_adj": _DATA_ADJ, "data_noun": _DATA_NOUN, "data_suffix": _DATA_SUFFIX}[slot]
        return rng.choice(table.get(lang) or table["en"]).format(year=_year(lang, rng))
    raise KeyError(f"unknown template slot {{{slot}}}")


SLOTS = frozenset({"country", "channel", "year", "number", "n", "site", "domain", "url", "brand", "social",
                   "industry", "product", "topic", "host_words", "data_adj", "data_noun", "data_suffix"})
_SLOT_RE = regex.compile(r"\{(\w+)\}")

# --------------------------------------------------------------------------------------------------------
# The phrase bank: family -> language -> lines of "key pattern". Template id = family.key.lang.
# "und" = not tied to a language (URLs, markup, titles built from the host's own words).
# --------------------------------------------------------------------------------------------------------

_BANK: dict[str, dict[str, str]] = {
    "data": {
        "en": """
            country_phone_list            {country} phone number list
            compose_adj_country_channel   {data_adj} {country} {channel} {data_noun}
            compose_country_noun_suffix   {country} {data_noun} {data_suffix}
            compose_adj_channel_noun      {data_adj} {channel} {data_noun} {data_suffix}
            compose_adj_country_noun      {data_adj} {country} {data_noun}
            country_phone_numbers_list    {country} phone numbers list
            country_channel_number_data   {country} {channel} number data
            country_channel_numbers_list  {country} {channel} numbers list
            country_channel_number_db     {country} {channel} number database
            channel_database              {channel} database
            channel_data                  {channel} data
            country_channel_data          {country} {channel} data
            channel_number_database       {channel} number database
            country_email_list            {country} email list
            email_list                    email list
            country_mailing_list          {country} mailing list
            b2b_mailing_list              b2b mailing list
            b2b_leads                     b2b leads
            country_b2b_leads             {country} b2b leads
            buy_b2b_leads                 buy b2b leads {year}
            bulk_sms                      bulk sms service
            country_bulk_sms              {country} bulk sms
            special_database              special database
            latest_database               latest database
            latest_mobile_database        latest mobile database
            updated_year_mobile           updated {year} mobile phone number data
            country_cell_phone_list       {country} cell phone number list
            cell_phone_list               cell phone number list
            business_email_list           business email list
            country_business_email_list   {country} business email list
            country_consumer_database     {country} consumer database
            phone_number_library          phone number library
            mobile_number_library         mobile number library
            country_mobile_database       {country} mobile database
            country_phone_number_data     {country} phone number data
            country_phone_db_year         {country} phone number database {year}
            buy_phone_list                buy {country} phone number list
            country_telemarketing_data    {country} telemarketing data
            telemarketing_leads           telemarketing leads
            sms_marketing_list            sms marketing list
            fresh_leads                   fresh {country} leads {year}
            country_contact_list          {country} contact list
            active_channel_numbers        {number} active {channel} numbers
            verified_mobile_numbers       verified {country} mobile numbers
            number_db_download            {country} number database download
            industry_email_list           {industry} email list
            country_industry_email_list   {country} {industry} email list
            ceo_email_list                ceo email list
            c_level_contacts              c-level executive contact list
            country_b2b_database          {country} b2b database
            email_database_year           email database {year}
            car_owner_data                car owner data
            country_mobile_data_year      {country} mobile number data {year}
            accurate_channel_list         accurate {channel} number list
            country_channel_dataset       {country} {channel} dataset
            number_list_sample            {country} number list free sample
            channel_user_database         {channel} user database
            channel_marketing_data        {channel} marketing data
            country_phone_leads           {country} phone leads
            cell_number_database          cell number database
            lead_list_by_country          lead list by country
            casino_database               casino database
            crypto_investor_list          crypto investor email list
            real_estate_leads             real estate leads {country}
            gmail_list                    gmail email list
            country_whatsapp_db_fixed     {country} whatsapp database
            telegram_database_fixed       telegram database
            country_telegram_data_fixed   {country} telegram data
            mobile_phone_numbers_year     mobile phone numbers {year} updated
            country_number_list_year      {country} number list {year}
            phone_data_provider           phone number data provider
            db_to_data                    db to data
            country_email_database        {country} email database
            """,
        "hi": """
            country_phone_list            {country} फ़ोन नंबर सूची
            compose_adj_country_channel   {data_adj} {country} {channel} {data_noun}
            compose_country_noun_suffix   {country} {data_noun} {data_suffix}
            country_channel_number_data   {country} {channel} नंबर डेटा
            country_mobile_list           {country} मोबाइल नंबर लिस्ट
            updated_year_mobile           अपडेटेड {year} मोबाइल फोन नंबर डेटा
            channel_database              {channel} डेटाबेस
            country_email_list            {country} ईमेल सूची
            b2b_leads                     बी2बी लीड्स {country}
            bulk_sms                      बल्क एसएमएस सेवा
            latest_database               नवीनतम डेटाबेस {year}
            special_database              विशेष डेटाबेस
            phone_number_library          फ़ोन नंबर लाइब्रेरी
            country_consumer_database     उपभोक्ता डेटाबेस {country}
            business_email_list           व्यावसायिक ईमेल सूची
            buy_number_data               {country} नंबर डेटा खरीदें
            cell_phone_data               सेल फोन नंबर डेटा
            country_telemarketing_data    टेलीमार्केटिंग डेटा {country}
            mobile_database_year          {year} का मोबाइल डेटाबेस
            channel_number_list           {channel} नंबर सूची {country}
            country_mobile_number_data    {country} मोबाइल नंबर डाटा
            """,
        "ne": """
            updated_year_mobile           अपडेट गरिएको {year} मोबाइल फोन नम्बर डाटा
            compose_adj_country_channel   {data_adj} {country} {channel} {data_noun}
            compose_country_noun_suffix   {country} {data_noun} {data_suffix}
            country_phone_list            {country} फोन नम्बर सूची
            country_channel_number_data   {country} {channel} नम्बर डाटा
            country_mobile_list           {country} मोबाइल नम्बर सूची
            channel_database              {channel} डाटाबेस
            country_email_list            {country} इमेल सूची
            latest_database               पछिल्लो डाटाबेस {year}
            special_database              विशेष डाटाबेस
            b2b_leads                     बी२बी लिडहरू
            bulk_sms                      बल्क एसएमएस सेवा
            phone_number_library          फोन नम्बर पुस्तकालय
            consumer_database             उपभोक्ता डाटाबेस
            business_email_list           व्यापार इमेल सूची
            buy_number_data               {country} नम्बर डाटा किन्नुहोस्
            cell_phone_data               सेल फोन नम्बर डाटा
            updated_channel_data          अद्यावधिक {channel} नम्बर डाटा {year}
            telemarketing_data            टेलिमार्केटिङ डाटा
            mobile_number_data            मोबाइल नम्बर डाटा {country}
            """,
        "mr": """
            country_phone_list            {country} फोन नंबर यादी
            country_channel_number_data   {country} {channel} नंबर डेटा
            updated_year_mobile           अद्ययावत {year} मोबाइल फोन नंबर डेटा
            channel_database              {channel} डेटाबेस
            country_email_list            {country} ईमेल यादी
            latest_database               नवीनतम डेटाबेस
            b2b_leads                     बी2बी लीड्स
            bulk_sms                      बल्क एसएमएस सेवा
            mobile_number_list            मोबाइल नंबर यादी {year}
            business_email_list           व्यवसाय ईमेल यादी
            buy_number_data               {country} नंबर डेटा खरेदी करा
            special_database              विशेष डेटाबेस
            """,
        "bn": """
            country_phone_list            {country} ফোন নম্বর তালিকা
            country_channel_number_data   {country} {channel} নম্বর ডেটা
            updated_year_mobile           আপডেট করা {year} মোবাইল ফোন নম্বর ডেটা
            channel_database              {channel} ডাটাবেস
            country_email_list            {country} ইমেল তালিকা
            latest_database               সর্বশেষ ডাটাবেস
            special_database              বিশেষ ডাটাবেস
            b2b_leads                     বি২বি লিড
            bulk_sms                      বাল্ক এসএমএস সার্ভিস
            mobile_number_list            মোবাইল নম্বর তালিকা {year}
            business_email_list           ব্যবসায়িক ইমেল তালিকা
            consumer_database             ভোক্তা ডাটাবেস
            buy_number_data               {country} নম্বর ডেটা কিনুন
            phone_number_library          ফোন নম্বর লাইব্রেরি
            cell_phone_data               সেল ফোন নম্বর ডেটা
            """,
        "ur": """
            country_phone_list            {country} فون نمبر کی فہرست
            country_channel_number_data   {country} {channel} نمبر ڈیٹا
            updated_year_mobile           اپ ڈیٹ شدہ {year} موبائل فون نمبر ڈیٹا
            channel_database              {channel} ڈیٹا بیس
            country_email_list            {country} ای میل فہرست
            latest_database               تازہ ترین ڈیٹا بیس
            b2b_leads                     بی ٹو بی لیڈز
            bulk_sms                      بلک ایس ایم ایس سروس
            mobile_number_list            موبائل نمبر لسٹ {year}
            business_email_list           کاروباری ای میل لسٹ
            buy_number_data               {country} نمبر ڈیٹا خریدیں
            """,
        "ta": """
            country_phone_list            {country} தொலைபேசி எண் பட்டியல்
            country_channel_number_data   {country} {channel} எண் தரவு
            updated_year_mobile           புதுப்பிக்கப்பட்ட {year} மொபைல் எண் தரவு
            channel_database              {channel} தரவுத்தளம்
            country_email_list            {country} மின்னஞ்சல் பட்டியல்
            latest_database               சமீபத்திய தரவுத்தளம்
            bulk_sms                      மொத்த எஸ்எம்எஸ் சேவை
            """,
        "gu": """
            country_phone_list            {country} ફોન નંબર યાદી
            country_channel_number_data   {country} {channel} નંબર ડેટા
            updated_year_mobile           અપડેટ કરેલ {year} મોબાઇલ ફોન નંબર ડેટા
            channel_database              {channel} ડેટાબેઝ
            country_email_list            {country} ઈમેલ યાદી
            latest_database               નવીનતમ ડેટાબેઝ
            """,
        "pa": """
            country_phone_list            {country} ਫ਼ੋਨ ਨੰਬਰ ਸੂਚੀ
            country_channel_number_data   {country} {channel} ਨੰਬਰ ਡਾਟਾ
            updated_year_mobile           ਅੱਪਡੇਟ ਕੀਤਾ {year} ਮੋਬਾਈਲ ਫ਼ੋਨ ਨੰਬਰ ਡਾਟਾ
            channel_database              {channel} ਡਾਟਾਬੇਸ
            country_email_list            {country} ਈਮੇਲ ਸੂਚੀ
            latest_database               ਨਵੀਨਤਮ ਡਾਟਾਬੇਸ
            """,
        "hi-en": """
            cheap_mobile_data             sasta {country} mobile number data
            channel_list_contact          {channel} number list chahiye to contact karein
            latest_data_download          latest {year} mobile number data download karo
            bulk_sms_rate                 bulk sms service sabse saste rate mein
            """,
        "mr-en": """
            mobile_data_ghya              {country} mobile number data ghya
            latest_database               navin {year} database milel
            """,
        "zh": """
            phone_list                    手机号码清单
            compose_adj_country_channel   {data_adj}{country}{channel}{data_noun}
            compose_country_noun_suffix   {country}{data_noun}{data_suffix}
            country_phone_list            {country}手机号码清单
            phone_number_data             电话号码数据
            country_phone_number_data     {country}电话号码数据
            channel_database              {channel} 数据库
            latest_database               最新数据库
            channel_number_data           {channel} 号码数据
            country_channel_number_data   {country} {channel} 号码数据
            country_email_list            {country}电子邮件列表
            mailing_list                  邮件列表
            b2b_leads                     B2B 潜在客户名单
            bulk_sms                      群发短信服务
            special_database              特殊数据库
            updated_year_mobile           {year}年最新手机号码数据
            consumer_database             消费者数据库
            business_email_list           企业邮箱名单
            phone_number_library          电话号码库
            buy_number_data               购买{country}号码数据
            mobile_number_list            手机号码列表
            telemarketing_data            电话营销数据
            mobile_number_db              手机号码数据库
            channel_number_filter         {channel} 号码筛选
            channel_active_numbers        {channel} 活跃号码
            country_mobile_db             {country}手机号码数据库
            channel_user_data             {channel}用户数据
            """,
        "zh-Hant": """
            phone_list                    手機號碼清單
            country_phone_list            {country}手機號碼清單
            phone_number_data             電話號碼資料
            channel_database              {channel} 資料庫
            latest_database               最新資料庫
            channel_number_data           {channel} 號碼數據
            country_channel_number_data   {country} {channel} 號碼資料
            country_email_list            {country}電子郵件列表
            bulk_sms                      大量簡訊服務
            updated_year_mobile           {year}年最新手機號碼資料
            special_database              特殊資料庫
            """,
        "ja": """
            country_phone_list            {country}電話番号リスト
            channel_database              {channel}データベース
            country_channel_number_data   {country} {channel} 番号データ
            latest_database               最新データベース
            country_email_list            {country}メールリスト
            b2b_leads                     B2Bリード
            bulk_sms                      一括SMS送信サービス
            updated_year_mobile           {year}年更新 携帯電話番号データ
            phone_number_data             携帯電話番号データ
            consumer_database             消費者データベース
            business_email_list           企業メールアドレスリスト
            buy_number_data               {country}番号データ購入
            """,
        "ko": """
            country_phone_list            {country} 전화번호 목록
            country_channel_number_data   {country} {channel} 번호 데이터
            channel_database              {channel} 데이터베이스
            latest_database               최신 데이터베이스
            country_email_list            {country} 이메일 목록
            b2b_leads                     B2B 리드
            bulk_sms                      대량 문자 발송 서비스
            updated_year_mobile           {year}년 업데이트 휴대폰 번호 데이터
            phone_number_db               휴대폰 번호 DB
            consumer_database             소비자 데이터베이스
            business_email_list           기업 이메일 리스트
            buy_number_data               {country} 번호 데이터 구매
            """,
        "ru": """
            country_phone_list            {country} список телефонных номеров
            compose_adj_noun_channel      {data_adj} {data_noun} {channel} {country}
            compose_noun_country_suffix   {data_noun} {country} {data_suffix}
            phone_base_country            база номеров телефонов {country}
            country_channel_number_data   {country} данные номеров {channel}
            channel_database              база данных {channel}
            channel_base                  {channel} база
            country_email_list            список email {country}
            latest_database               последняя база данных
            updated_year_mobile           обновлённые данные мобильных номеров {year}
            b2b_leads                     B2B лиды {country}
            bulk_sms                      массовая рассылка SMS
            special_database              специальная база данных
            mobile_base_year              база мобильных номеров {year}
            buy_number_data               купить базу номеров {country}
            business_email_list           список деловых email-адресов
            consumer_database             потребительская база данных
            """,
        "uk": """
            country_phone_list            {country} список телефонних номерів
            channel_database              база даних {channel}
            updated_year_mobile           оновлені дані мобільних номерів {year}
            buy_number_data               купити базу номерів {country}
            country_email_list            список email {country}
            latest_database               остання база даних
            """,
        "ar": """
            country_phone_list            قائمة أرقام هواتف {country}
            compose_noun_channel_country  {data_noun} {channel} {country} {data_suffix}
            country_channel_number_data   بيانات أرقام {channel} {country}
            channel_database              قاعدة بيانات {channel}
            latest_database               أحدث قاعدة بيانات {year}
            country_email_list            قائمة البريد الإلكتروني {country}
            updated_year_mobile           بيانات أرقام الهواتف المحمولة المحدثة {year}
            b2b_leads                     عملاء محتملون B2B
            bulk_sms                      خدمة الرسائل النصية الجماعية
            special_database              قاعدة بيانات خاصة
            buy_number_data               شراء بيانات أرقام {country}
            business_email_list           قائمة البريد الإلكتروني للشركات
            consumer_database             قاعدة بيانات المستهلكين
            country_mobile_list           قائمة أرقام الجوال {country}
            phone_number_library          مكتبة أرقام الهواتف
            """,
        "fa": """
            country_phone_list            لیست شماره تلفن {country}
            country_channel_number_data   داده‌های شماره {channel} {country}
            channel_database              پایگاه داده {channel}
            latest_database               جدیدترین پایگاه داده
            updated_year_mobile           داده‌های شماره موبایل به‌روز شده {year}
            country_email_list            لیست ایمیل {country}
            bulk_sms                      سامانه ارسال پیامک انبوه
            buy_number_data               خرید بانک شماره موبایل {country}
            b2b_leads                     سرنخ‌های B2B
            mobile_bank_year              بانک شماره موبایل {year}
            """,
        "ps": """
            country_phone_list            د {country} د تلیفون شمېرو لیست
            country_channel_number_data   د {country} {channel} شمېرو ډیټا
            channel_database              د {channel} ډیټابیس
            updated_year_mobile           تازه شوي {year} د موبایل شمېرو ډیټا
            latest_database               وروستی ډیټابیس
            country_email_list            د {country} بریښنالیک لیست
            buy_number_data               د {country} شمېرو ډیټا واخلئ
            """,
        "vi": """
            country_phone_list            danh sách số điện thoại {country}
            compose_noun_channel_country  {data_noun} {channel} {country} {data_suffix}
            country_channel_number_data   dữ liệu số {channel} {country}
            channel_database              cơ sở dữ liệu {channel}
            latest_database               cơ sở dữ liệu mới nhất {year}
            updated_year_mobile           dữ liệu số điện thoại di động cập nhật {year}
            country_email_list            danh sách email {country}
            b2b_leads                     khách hàng tiềm năng B2B
            bulk_sms                      dịch vụ SMS hàng loạt
            buy_number_data               mua data số điện thoại {country}
            business_email_list           danh sách email doanh nghiệp
            customer_data_year            data khách hàng {year}
            special_database              cơ sở dữ liệu đặc biệt
            """,
        "id": """
            country_phone_list            daftar nomor telepon {country}
            compose_noun_channel_country  {data_noun} {channel} {country} {data_suffix}
            country_channel_number_data   data nomor {channel} {country}
            channel_database              database {channel}
            latest_database               database terbaru {year}
            updated_year_mobile           data nomor ponsel terbaru {year}
            country_email_list            daftar email {country}
            b2b_leads                     prospek B2B {country}
            bulk_sms                      layanan SMS massal
            buy_number_data               beli data nomor HP {country}
            business_email_list           daftar email bisnis
            special_database              database khusus
            phone_number_library          perpustakaan nomor telepon
            active_numbers_year           data nomor HP aktif {year}
            """,
        "ms": """
            country_phone_list            senarai nombor telefon {country}
            channel_database              pangkalan data {channel}
            updated_year_mobile           data nombor telefon bimbit terkini {year}
            buy_number_data               beli data nombor {country}
            """,
        "es": """
            country_phone_list            lista de números de teléfono de {country}
            compose_noun_channel_country  {data_noun} {channel} {country} {data_suffix}
            country_channel_number_data   datos de números de {channel} {country}
            channel_database              base de datos de {channel}
            latest_database               base de datos más reciente
            updated_year_mobile           datos de números móviles actualizados {year}
            country_email_list            lista de correos electrónicos de {country}
            b2b_leads                     leads B2B {country}
            bulk_sms                      servicio de SMS masivo
            buy_number_data               comprar base de datos de teléfonos {country}
            business_email_list           lista de correos empresariales
            special_database              base de datos especial
            consumer_database             base de datos de consumidores
            country_cell_phone_list       lista de números de celular {country}
            """,
        "pt": """
            country_phone_list            lista de números de telefone {country}
            compose_noun_channel_country  {data_noun} {channel} {country} {data_suffix}
            country_channel_number_data   dados de números de {channel} {country}
            channel_database              banco de dados {channel}
            latest_database               banco de dados mais recente
            updated_year_mobile           dados de números de celular atualizados {year}
            country_email_list            lista de e-mails {country}
            b2b_leads                     leads B2B {country}
            bulk_sms                      serviço de SMS em massa
            buy_number_data               comprar lista de telefones {country}
            business_email_list           lista de e-mails empresariais
            """,
        "fr": """
            country_phone_list            liste de numéros de téléphone {country}
            country_channel_number_data   données de numéros {channel} {country}
            channel_database              base de données {channel}
            updated_year_mobile           données de numéros mobiles mises à jour {year}
            country_email_list            liste d'e-mails {country}
            b2b_leads                     leads B2B {country}
            bulk_sms                      service de SMS en masse
            """,
        "de": """
            country_phone_list            {country} Telefonnummernliste
            country_channel_number_data   {country} {channel} Nummerndaten
            channel_database              {channel} Datenbank
            updated_year_mobile           aktualisierte Handynummern-Daten {year}
            country_email_list            {country} E-Mail-Liste
            b2b_leads                     B2B Leads {country}
            bulk_sms                      Massen-SMS-Dienst
            """,
        "tr": """
            country_phone_list            {country} telefon numarası listesi
            country_channel_number_data   {country} {channel} numara verileri
            channel_database              {channel} veritabanı
            updated_year_mobile           güncellenmiş {year} cep telefonu numarası verileri
            country_email_list            {country} e-posta listesi
            bulk_sms                      toplu SMS hizmeti
            buy_number_data               {country} numara verisi satın al
            """,
        "it": """
            country_phone_list            elenco numeri di telefono {country}
            channel_database              database {channel}
            updated_year_mobile           dati numeri di cellulare aggiornati {year}
            country_email_list            lista email {country}
            bulk_sms                      servizio SMS massivo
            country_channel_number_data   dati numeri {channel} {country}
            """,
        "pl": """
            country_phone_list            lista numerów telefonów {country}
            channel_database              baza danych {channel}
            updated_year_mobile           zaktualizowane dane numerów komórkowych {year}
            country_email_list            lista e-mail {country}
            bulk_sms                      masowa wysyłka SMS
            country_channel_number_data   dane numerów {channel} {country}
            buy_number_data               kup bazę numerów {country}
            """,
        "th": """
            country_phone_list            รายชื่อเบอร์โทรศัพท์{country}
            country_channel_number_data   ข้อมูลเบอร์ {channel} {country}
            channel_database              ฐานข้อมูล {channel}
            latest_database               ฐานข้อมูลล่าสุด {year}
            updated_year_mobile           ข้อมูลเบอร์มือถืออัปเดต {year}
            country_email_list            รายชื่ออีเมล{country}
            bulk_sms                      บริการส่ง SMS จำนวนมาก
            sell_number_data              ขายข้อมูลเบอร์โทร{country}
            b2b_leads                     รายชื่อลูกค้า B2B
            """,
        "nl": """
            country_phone_list            {country} telefoonnummerlijst
            channel_database              {channel} database
            updated_year_mobile           bijgewerkte {year} mobiele nummerdata
            country_email_list            {country} e-maillijst
            """,
        "sw": """
            country_phone_list            orodha ya nambari za simu {country}
            channel_database              hifadhidata ya {channel}
            updated_year_mobile           data ya nambari za simu iliyosasishwa {year}
            """,
        "tl": """
            country_phone_list            listahan ng numero ng telepono sa {country}
            channel_database              database ng {channel}
            """,
    },
    "gambling": {
        "en": """
            online_casino_bonus           online casino bonus
            best_casino_year              best online casino {year}
            free_spins                    free spins no deposit
            betting_tips                  sports betting tips
            country_live_casino           live casino {country}
            site_casino_login             {site} casino login
            poker_real_money              poker online real money
            cricket_betting               bet on cricket online
            baccarat_online               baccarat online
            jackpot_slots                 jackpot slots
            crypto_casino                 crypto casino no kyc
            """,
        "id": """
            trusted_slot_site             situs slot terpercaya
            slot_gacor_today              slot gacor hari ini
            online_gambling_site          situs judi online
            slot_signup_year              daftar slot {year}
            alternative_link              link alternatif {brand}88
            lottery_online                togel online terpercaya
            slot_pulsa                    slot deposit pulsa
            soccer_agent                  agen bola terpercaya
            online_soccer_betting         judi bola online
            """,
        "ms": """
            online_casino                 kasino dalam talian
            """,
        "zh": """
            gambling                      博彩
            sports_betting                体育投注
            online_casino                 在线娱乐城
            live_baccarat                 真人百家乐
            lottery_signup_bonus          彩票平台注册送彩金
            asia_gambling_site            亚洲博彩网站
            """,
        "zh-Hant": """
            online_casino                 線上娛樂城
            sports_betting                運動投注
            baccarat                      百家樂
            """,
        "vi": """
            trusted_bookmaker             nhà cái uy tín
            football_betting              cá cược bóng đá
            online_casino                 casino trực tuyến
            """,
        "th": """
            direct_slots                  สล็อตเว็บตรง
            football_betting              แทงบอลออนไลน์
            online_casino                 คาสิโนออนไลน์
            """,
        "ko": """
            toto_site                     토토사이트
            safe_playground               안전놀이터 추천
            online_casino                 온라인 카지노
            """,
        "ja": """
            casino_bonus                  オンラインカジノ 入金不要ボーナス
            sports_betting                スポーツベッティング
            """,
        "ru": """
            online_casino                 онлайн казино
            sports_betting                ставки на спорт
            casino_bonus                  казино с бонусом
            """,
        "hi": """
            casino_bonus                  ऑनलाइन कैसीनो बोनस
            cricket_betting_app           क्रिकेट सट्टा ऐप
            """,
        "bn": """
            online_casino                 অনলাইন ক্যাসিনো
            betting_site                  বেটিং সাইট
            """,
        "pt": """
            online_casino                 cassino online
            sports_betting                apostas esportivas
            casino_signup_bonus           cassino com bônus de cadastro
            """,
        "es": """
            online_casino                 casino en línea
            sports_betting                apuestas deportivas
            free_slots                    tragamonedas gratis
            """,
        "tr": """
            live_betting                  canlı bahis
            trial_bonus_sites             deneme bonusu veren siteler
            casino_sites                  casino siteleri
            """,
        "ar": """
            online_casino                 كازينو اون لاين
            sports_betting                مراهنات رياضية
            """,
        "fa": """
            betting_site                  سایت شرط بندی
            online_casino                 کازینو آنلاین
            """,
        "pl": """
            online_casino                 kasyno online
            sports_betting                zakłady bukmacherskie
            """,
        "de": """
            casino_no_deposit             Online Casino Bonus ohne Einzahlung
            sports_betting                Sportwetten
            """,
        "fr": """
            online_casino                 casino en ligne
            sports_betting                paris sportifs
            """,
        "ur": """
            online_casino                 آن لائن کیسینو
            """,
        "ne": """
            online_casino                 अनलाइन क्यासिनो
            """,
    },
    "loans": {
        "en": """
            instant_payday_loan           instant payday loan
            payday_no_credit_check        payday loans online no credit check
            fast_cash_loan                fast cash loan
            quick_personal_loan           quick personal loan approval
            bad_credit_loans              bad credit loans
            country_loan_app              loan app {country}
            loan_in_minutes               instant loan in 5 minutes
            """,
        "hi": """
            instant_personal_loan         तुरंत पर्सनल लोन
            loan_without_cibil            बिना सिबिल लोन
            instant_loan_app              इंस्टेंट लोन ऐप
            """,
        "ne": """
            instant_loan                  तुरुन्त ऋण
            """,
        "bn": """
            instant_loan                  তাৎক্ষণিক লোন
            """,
        "id": """
            fast_online_loan              pinjaman online cepat cair
            loan_no_bi_check              pinjol tanpa BI checking
            fast_cash                     dana tunai cepat
            """,
        "vi": """
            fast_online_loan              vay tiền online nhanh
            unsecured_fast_loan           vay tiền nhanh không thế chấp
            """,
        "zh": """
            unsecured_loan                无抵押贷款
            fast_disbursal                快速放款
            instant_online_loan           网贷秒批
            """,
        "ru": """
            fast_online_loan              быстрый займ онлайн
            loan_no_refusal               займ без отказа
            credit_no_papers              кредит без справок
            """,
        "es": """
            fast_online_loans             préstamos rápidos en línea
            loan_no_bureau                préstamo sin buró
            """,
        "pt": """
            fast_online_loan              empréstimo rápido online
            loan_bad_credit               empréstimo para negativado
            """,
        "tr": """
            fast_credit                   hızlı kredi
            """,
        "ar": """
            fast_loan                     قرض سريع
            instant_personal_finance      تمويل شخصي فوري
            """,
        "th": """
            express_credit                สินเชื่อด่วน
            online_loan_fast              เงินกู้ออนไลน์อนุมัติไว
            """,
        "ko": """
            unemployed_loan               무직자 대출
            emergency_loan                비상금 대출
            """,
        "ja": """
            same_day_loan                 即日融資 カードローン
            """,
        "fa": """
            instant_loan                  وام فوری
            """,
        "ur": """
            instant_loan                  فوری قرض
            """,
        "fr": """
            fast_online_loan              prêt rapide en ligne
            """,
        "de": """
            instant_credit                Sofortkredit ohne Schufa
            """,
        "pl": """
            payday_loan                   chwilówka bez BIK
            """,
    },
    "followers": {
        "en": """
            buy_instagram_followers       buy instagram followers
            buy_tiktok_likes              buy tiktok likes
            cheap_youtube_views           cheap youtube views
            real_social_followers         real {social} followers
            buy_facebook_likes            buy facebook page likes
            instant_followers             instant {social} followers
            free_followers                get {number} followers free
            """,
        "hi": """
            buy_instagram_followers       इंस्टाग्राम फॉलोअर्स खरीदें
            """,
        "id": """
            instagram_followers_service   jasa tambah followers instagram
            cheap_followers               beli followers murah
            """,
        "vi": """
            cheap_instagram_follow        mua follow instagram giá rẻ
            facebook_likes                tăng like facebook
            """,
        "zh": """
            buy_fans                      购买粉丝
            boost_fans                    刷粉丝
            douyin_fans                   抖音涨粉
            fast_fans                     快速涨粉
            """,
        "ru": """
            instagram_boost               накрутка подписчиков инстаграм
            buy_followers                 купить подписчиков
            """,
        "es": """
            buy_instagram_followers       comprar seguidores instagram
            """,
        "pt": """
            buy_instagram_followers       comprar seguidores no instagram
            """,
        "ar": """
            buy_instagram_followers       شراء متابعين انستقرام
            increase_followers            زيادة متابعين
            """,
        "tr": """
            buy_followers                 takipçi satın al
            cheap_followers               ucuz takipçi
            """,
        "th": """
            boost_likes                   ปั๊มไลค์
            add_followers                 เพิ่มผู้ติดตาม
            """,
        "ko": """
            buy_instagram_followers       인스타 팔로워 구매
            """,
        "ja": """
            buy_followers                 フォロワー購入
            """,
        "fa": """
            buy_instagram_followers       خرید فالوور اینستاگرام
            """,
        "bn": """
            buy_instagram_followers       ইনস্টাগ্রাম ফলোয়ার কিনুন
            """,
        "ur": """
            buy_instagram_followers       انسٹاگرام فالوورز خریدیں
            """,
        "de": """
            buy_instagram_followers       Instagram Follower kaufen
            """,
        "fr": """
            buy_instagram_followers       acheter des abonnés instagram
            """,
        "pl": """
            buy_followers                 kup obserwujących
            """,
    },
    "replica": {
        "en": """
            replica_luxury_watches        replica luxury watches
            cheap_designer_handbags       cheap designer handbags
            aaa_replica_sneakers          aaa replica sneakers
            swiss_replica_watches         swiss replica watches for sale
            brand_replica_bags            {brand} replica bags
            replica_shoes                 high quality replica shoes
            fake_sunglasses               fake designer sunglasses
            """,
        "zh": """
            high_copy_watches             高仿手表
            luxury_replica_bags           奢侈品复刻包
            one_to_one_replica            一比一复刻
            putian_shoes                  莆田鞋
            """,
        "zh-Hant": """
            high_copy_bags                高仿包包
            """,
        "ru": """
            replica_watches               реплики часов
            brand_bag_copies              копии брендовых сумок
            """,
        "es": """
            luxury_watch_replicas         réplicas de relojes de lujo
            imitation_bags                bolsos de imitación
            """,
        "pt": """
            watch_replicas                réplicas de relógios
            first_line_bags               bolsas réplica primeira linha
            """,
        "id": """
            replica_watches               jam tangan replika
            kw_bags                       tas KW super
            """,
        "vi": """
            replica_watches               đồng hồ replica
            fake_bags                     túi xách fake 1:1
            """,
        "th": """
            copy_watches                  นาฬิกาก๊อป
            mirror_grade_bags             กระเป๋าแบรนด์เนมเกรดมิลเลอร์
            """,
        "tr": """
            replica_watches               replika saat
            fake_bags                     çakma çanta
            """,
        "ar": """
            imitation_watches             ساعات ماركات تقليد
            first_grade_bags              شنط ماركات درجة أولى
            """,
        "ko": """
            luxury_replica                명품 레플리카
            imitation_bags                이미테이션 가방
            """,
        "ja": """
            super_copy_watches            スーパーコピー 時計
            brand_copy                    ブランドコピー
            """,
        "fr": """
            luxury_watch_replicas         répliques de montres de luxe
            """,
        "de": """
            cheap_replica_watches         Replika Uhren günstig
            """,
        "hi": """
            replica_watches               रेप्लिका घड़ियाँ
            """,
    },
    "pharma": {
        "en": """
            buy_viagra_online             buy viagra online
            cialis_no_prescription        cheap cialis no prescription
            generic_pills_pharmacy        generic pills online pharmacy
            weight_loss_pills             weight loss pills that work
            buy_tramadol                  buy tramadol online
            keto_pills                    keto diet pills
            pharmacy_no_prescription      online pharmacy without prescription
            cbd_oil_sale                  cbd oil for sale
            """,
        "zh": """
            buy_viagra                    伟哥购买
            diet_pills                    减肥药
            """,
        "ru": """
            buy_viagra                    купить виагру
            diet_pills                    таблетки для похудения
            """,
        "es": """
            viagra_no_prescription        comprar viagra sin receta
            diet_pills                    pastillas para adelgazar
            """,
        "pt": """
            buy_viagra                    comprar viagra
            diet_medicine                 remédio para emagrecer
            """,
        "id": """
            male_potency                  obat kuat pria
            slimming_pills                obat pelangsing ampuh
            """,
        "vi": """
            potency_pills                 thuốc tăng cường sinh lý
            diet_pills                    thuốc giảm cân
            """,
        "ar": """
            enlargement_pills             حبوب تكبير
            diet_pills                    حبوب التخسيس
            """,
        "tr": """
            potency_pills                 sertleştirici hap
            diet_pills                    zayıflama hapı
            """,
        "th": """
            diet_pills                    ยาลดความอ้วน
            potency_pills                 ยาเพิ่มสมรรถภาพ
            """,
        "hi": """
            weight_loss_medicine          वजन घटाने की दवा
            potency_medicine              मर्दाना ताकत की दवा
            """,
        "ko": """
            buy_viagra                    비아그라 구매
            diet_pills                    다이어트약
            """,
        "ja": """
            viagra_mail_order             バイアグラ 通販
            """,
        "fr": """
            viagra_no_prescription        acheter viagra sans ordonnance
            """,
        "de": """
            viagra_no_prescription        Viagra rezeptfrei kaufen
            """,
        "pl": """
            diet_pills                    tabletki na odchudzanie
            """,
        "fa": """
            diet_pills                    قرص لاغری
            """,
        "bn": """
            weight_loss_medicine          ওজন কমানোর ওষুধ
            """,
    },
    "crypto": {
        "en": """
            bitcoin_doubler               bitcoin doubler
            trading_signals               crypto trading signals
            usdt_airdrop                  free usdt airdrop
            best_exchange_year            best crypto exchange {year}
            passive_income_crypto         earn passive income with crypto
            bitcoin_investment            bitcoin investment platform
            nft_giveaway                  nft giveaway
            crypto_recovery               crypto recovery service
            """,
        "zh": """
            usdt_paofen                   USDT 跑分
            digital_currency_platform     数字货币投资平台
            bitcoin_mining                比特币挖矿
            virtual_currency_exchange     虚拟币交易所
            """,
        "zh-Hant": """
            crypto_investment             加密貨幣投資
            """,
        "ru": """
            crypto_earnings               заработок на криптовалюте
            usdt_exchanger                обменник USDT
            """,
        "vi": """
            virtual_money_investment      đầu tư tiền ảo
            trusted_coin_exchange         sàn coin uy tín
            """,
        "id": """
            safe_crypto_investment        investasi kripto aman
            free_airdrop                  airdrop gratis
            """,
        "es": """
            crypto_investing              invertir en criptomonedas
            trading_signals               señales de trading
            """,
        "pt": """
            crypto_investing              investir em criptomoedas
            trading_robot                 robô de trading
            """,
        "ar": """
            digital_currency_investment   استثمار العملات الرقمية
            bitcoin_trading               تداول بيتكوين
            """,
        "tr": """
            crypto_investment             kripto para yatırım
            """,
        "ko": """
            coin_leading_room             코인 리딩방
            bitcoin_investment            비트코인 투자
            """,
        "ja": """
            crypto_winning_method         仮想通貨 投資 必勝法
            """,
        "th": """
            crypto_investment             ลงทุนคริปโต
            """,
        "hi": """
            crypto_investment_plan        क्रिप्टो निवेश योजना
            """,
        "fa": """
            digital_currency_investment   سرمایه گذاری ارز دیجیتال
            """,
        "pl": """
            crypto_investment             inwestycje w kryptowaluty
            """,
        "fr": """
            crypto_investing              investir en crypto-monnaie
            """,
        "de": """
            crypto_signals                Krypto Trading Signale
            """,
    },
    "backlink": {
        "en": """
            cheap_led_strip_supplier      cheap led strip supplier
            cnc_machining_china           cnc machining services china
            packaging_boxes_wholesale     custom packaging boxes wholesale
            product_manufacturer          {product} manufacturer
            best_product_supplier         best {product} supplier
            wholesale_product_china       wholesale {product} from china
            product_factory_price         {product} factory price
            buy_product_online            buy {product} online
            steel_pipe_supplier           stainless steel pipe supplier
            solar_installer_near_me       solar panel installer near me
            plumber_near_me               emergency plumber near me
            roofing_contractor            roofing contractor
            essay_writing_service         essay writing service
            tshirt_printing               custom t-shirt printing
            home_cleaning                 home cleaning services
            country_car_rental            car rental {country}
            web_design_company            web design company
            dental_implants_abroad        dental implants abroad
            cheap_flights_country         cheap flights to {country}
            """,
        "zh": """
            led_strip_factory             深圳LED灯带厂家
            cnc_processing                数控加工服务
            packaging_custom              包装盒定制
            factory_direct                工厂直销 批发价
            """,
        "zh-Hant": """
            factory_direct                工廠直銷
            """,
        "ru": """
            led_strip_wholesale           светодиодная лента оптом
            cnc_machines_buy              станки с ЧПУ купить
            """,
        "es": """
            led_strip_supplier            proveedor de tiras led
            packaging_factory             fábrica de cajas de embalaje
            """,
        "pt": """
            led_strip_supplier            fornecedor de fita led
            """,
        "id": """
            cheap_website_service         jasa pembuatan website murah
            packaging_supplier            supplier kardus packaging
            """,
        "vi": """
            paper_box_printing            xưởng in hộp giấy
            cheap_web_design              dịch vụ thiết kế web giá rẻ
            """,
        "ar": """
            solar_panel_supplier          مورد ألواح شمسية
            cleaning_company              أفضل شركة تنظيف
            """,
        "tr": """
            led_strip_wholesale           led şerit toptan
            """,
        "th": """
            cheap_website                 รับทำเว็บไซต์ราคาถูก
            """,
        "ko": """
            led_strip_wholesale           LED 스트립 도매
            """,
        "ja": """
            led_tape_wholesale            LEDテープ 卸売
            """,
        "hi": """
            cheap_web_design              सस्ती वेबसाइट डिजाइन सेवा
            """,
        "fr": """
            led_strip_supplier            fournisseur de bandes led
            """,
        "de": """
            led_strip_wholesale           LED Streifen Großhandel
            """,
    },
    "site_name": {
        "en": """
            site                          {site}
            site_official                 {site} official
            site_team                     the {site} team
            """,
        "zh": """
            site_official                 {site}官网
            site_data_center              {site} 数据中心
            """,
        "ru": """
            site_official                 {site} официальный сайт
            """,
        "es": """
            site_official                 {site} oficial
            """,
        "hi": """
            site_official                 {site} आधिकारिक साइट
            """,
        "id": """
            site_official                 {site} resmi
            """,
        "vi": """
            site_genuine                  {site} chính hãng
            """,
        "ar": """
            site_site                     موقع {site}
            """,
        "ja": """
            site_official                 {site}公式サイト
            """,
        "ko": """
            site_official                 {site} 공식 사이트
            """,
        "pt": """
            site_official                 {site} oficial
            """,
        "bn": """
            site_official                 {site} অফিসিয়াল সাইট
            """,
        "th": """
            site_official                 {site} เว็บไซต์ทางการ
            """,
    },
    "url": {
        "und": """
            bare_url                      {url}
            bare_domain                   {domain}
            """,
        "en": """
            visit_domain                  visit {domain}
            more_at_url                   more info: {url}
            order_at_domain               order now at {domain}
            """,
        "zh": """
            visit_domain                  访问 {domain}
            """,
        "ru": """
            details_at_domain             подробнее на {domain}
            """,
        "es": """
            visit_domain                  visite {domain}
            """,
        "id": """
            visit_domain                  kunjungi {domain}
            """,
        "hi": """
            visit_domain                  अधिक जानकारी के लिए {domain} पर जाएँ
            """,
        "ar": """
            visit_domain                  تفضل بزيارة {domain}
            """,
        "vi": """
            visit_domain                  truy cập {domain}
            """,
    },
    "markup": {
        "und": """
            bbcode_url_site               [url={url}]{site}[/url]
            html_anchor_site              <a href="{url}">{site}</a>
            bbcode_bare_url               [url]{url}[/url]
            bbcode_bold_site              [b]{site}[/b]
            bbcode_img                    [img]{url}/banner.jpg[/img]
            html_anchor_domain            <a href="{url}" rel="dofollow">{domain}</a>
            """,
    },
    "post_title": {
        "und": """
            host_words                    {host_words}
            """,
        "en": """
            how_to_improve                How to Improve {topic} in {year}
            ultimate_guide                The Ultimate Guide to {topic}
            ways_to_boost                 {n} Ways to Boost Your {topic}
            why_matters                   Why {topic} Matters More Than Ever
            common_mistakes               Common {topic} Mistakes to Avoid
            read_more                     Read more: {topic} Explained
            for_beginners                 {topic} for Beginners
            simple_checklist              A Simple {topic} Checklist
            case_study                    Case Study: {topic} That Worked
            """,
        "hi": """
            improve_cx_ways               {year} में ग्राहक अनुभव को बेहतर बनाने के {n} तरीके
            email_guide                   ईमेल मार्केटिंग की पूरी गाइड
            small_business_tips           छोटे व्यवसाय के लिए डिजिटल मार्केटिंग टिप्स
            """,
        "ne": """
            service_ways                  ग्राहक सेवा सुधार्ने {n} उपाय
            what_is_digital               डिजिटल मार्केटिङ के हो?
            """,
        "zh": """
            improve_cx_year               如何在{year}年提升客户体验
            email_guide                   电子邮件营销完整指南
            small_business_tips           小企业增长的{n}个技巧
            why_retention                 为什么客户留存如此重要
            """,
        "zh-Hant": """
            improve_cx                    如何提升客戶體驗
            email_guide                   電子郵件行銷完整指南
            """,
        "ru": """
            improve_cx_year               Как улучшить клиентский опыт в {year} году
            ways_sales                    {n} способов увеличить продажи
            email_guide                   Полное руководство по email-маркетингу
            """,
        "ar": """
            improve_cx_year               كيف تحسن تجربة العملاء في {year}
            email_guide                   الدليل الشامل للتسويق عبر البريد الإلكتروني
            """,
        "es": """
            improve_cx_year               Cómo mejorar la experiencia del cliente en {year}
            email_guide                   Guía completa de email marketing
            """,
        "pt": """
            improve_cx                    Como melhorar a experiência do cliente
            digital_tips                  {n} dicas de marketing digital
            """,
        "id": """
            improve_cx                    Cara meningkatkan pengalaman pelanggan
            digital_tips                  {n} tips pemasaran digital untuk UMKM
            """,
        "vi": """
            improve_cx                    Cách cải thiện trải nghiệm khách hàng
            email_tips                    {n} mẹo tiếp thị qua email
            """,
        "ja": """
            improve_cx_ways               顧客体験を向上させる{n}つの方法
            email_guide                   メールマーケティング完全ガイド
            """,
        "ko": """
            improve_cx_ways               고객 경험을 개선하는 {n}가지 방법
            email_guide                   이메일 마케팅 완벽 가이드
            """,
        "bn": """
            improve_cx_ways               গ্রাহক অভিজ্ঞতা উন্নত করার {n}টি উপায়
            """,
        "fa": """
            improve_cx                    چگونه تجربه مشتری را بهبود دهیم
            """,
        "th": """
            improve_cx                    วิธีปรับปรุงประสบการณ์ลูกค้า
            """,
        "tr": """
            improve_cx_ways               Müşteri deneyimini geliştirmenin {n} yolu
            """,
        "ur": """
            service_ways                  کسٹمر سروس بہتر بنانے کے {n} طریقے
            """,
        "mr": """
            improve_cx_ways               ग्राहक अनुभव सुधारण्याचे {n} मार्ग
            """,
        "fr": """
            improve_cx                    Comment améliorer l'expérience client
            """,
        "de": """
            improve_cx                    So verbessern Sie das Kundenerlebnis
            """,
        "pl": """
            improve_service               Jak poprawić obsługę klienta
            """,
    },
    "adult": {
        "en": """
            adult_dating_site             adult dating site
            singles_near_you              meet singles near you
            hot_singles                   hot singles in your area
            adult_chat_rooms              18+ chat rooms
            casual_dating_app             casual dating app
            webcam_chat                   webcam chat 18+
            """,
        "zh": """
            adult_friends                 成人交友
            local_dating                  同城约会
            """,
        "ru": """
            adult_dating                  знакомства для взрослых
            """,
        "id": """
            adult_dating                  kencan dewasa
            """,
        "ja": """
            dating_site                   出会い系サイト
            """,
        "ko": """
            adult_chat                    성인 채팅
            """,
        "vi": """
            adult_dating                  hẹn hò người lớn
            """,
        "es": """
            adult_dating                  citas para adultos
            """,
        "pt": """
            adult_dating                  namoro adulto
            """,
        "tr": """
            adult_chat                    yetişkin sohbet
            """,
        "th": """
            adult_friends                 หาเพื่อนคุยผู้ใหญ่
            """,
        "hi": """
            adult_dating_site             वयस्क डेटिंग साइट
            """,
        "ar": """
            adult_chat                    دردشة للكبار فقط
            """,
    },
    "seo": {
        "en": """
            seo_services                  seo services
            buy_backlinks_cheap           buy backlinks cheap
            guest_post_service            guest post service
            dofollow_backlinks            high da dofollow backlinks
            traffic_bot                   website traffic bot
            rank_first_google             rank #1 on google
            pbn_links                     pbn links
            """,
        "zh": """
            seo_ranking                   SEO优化排名
            baidu_fast_ranking            百度快速排名
            external_links                外链代发
            """,
        "ru": """
            site_promotion                продвижение сайтов
            buy_links                     купить ссылки
            """,
        "id": """
            cheap_backlinks               jasa backlink murah
            seo_service                   jasa SEO
            """,
        "vi": """
            seo_top_google                dịch vụ SEO top Google
            buy_backlinks                 mua backlink
            """,
        "es": """
            cheap_seo                     posicionamiento web barato
            """,
        "pt": """
            buy_backlinks                 comprar backlinks
            """,
        "ar": """
            seo_services                  خدمات السيو
            buy_backlinks                 شراء باك لينك
            """,
        "tr": """
            buy_backlinks                 backlink satın al
            """,
        "ko": """
            blog_top_exposure             블로그 상위노출
            """,
        "ja": """
            cheap_seo                     SEO対策 格安
            """,
        "th": """
            seo_service                   รับทำ SEO
            """,
        "hi": """
            cheap_seo                     सस्ती एसईओ सेवा
            """,
        "fa": """
            buy_backlinks                 خرید بک لینک
            """,
        "de": """
            buy_backlinks                 Backlinks kaufen
            """,
        "fr": """
            buy_backlinks                 acheter des backlinks
            """,
        "pl": """
            cheap_positioning             pozycjonowanie stron tanio
            """,
    },
}


@dataclass(frozen=True)
class Template:
    """One spam phrase pattern; ``{slot}`` fields are filled by :func:`expand`."""

    id: str
    family: str
    lang: str
    pattern: str

    def __post_init__(self) -> None:
        if not self.id or not self.family or not self.lang or not self.pattern.strip():
            raise ValueError(f"template needs id, family, lang and pattern: {self!r}")
        unknown = set(_SLOT_RE.findall(self.pattern)) - SLOTS
        if unknown:
            raise ValueError(f"template {self.id}: unknown slots {sorted(unknown)}")

    @property
    def slots(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(_SLOT_RE.findall(self.pattern)))


def _parse_bank(bank: Mapping[str, Mapping[str, str]]) -> tuple[Template, ...]:
    templates: list[Template] = []
    seen: set[str] = set()
    for family, by_lang in bank.items():
        for lang, block in by_lang.items():
            for line in block.strip().splitlines():
                key, pattern = line.strip().split(None, 1)
                template = Template(f"{family}.{key}.{lang}", family, lang, pattern.strip())
                if template.id in seen:
                    raise ValueError(f"duplicate template id {template.id}")
                seen.add(template.id)
                templates.append(template)
    return tuple(templates)


TEMPLATES: tuple[Template, ...] = _parse_bank(_BANK)
FAMILIES: tuple[str, ...] = tuple(_BANK)

SEED_TEMPLATE_ID = "data.updated_year_mobile.ne"  # the phrase of the seed page: kept unseen, a real test


def _hash_percent(key: str) -> int:
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % 100


def _default_held_out(templates: Sequence[Template]) -> frozenset[str]:
    """About 15% of templates, chosen by a stable hash so that adding templates never reshuffles the rest.

    Half of the budget holds out whole *concepts* (one phrasing in every language, e.g. a gambling line),
    half single (concept, language) pairs; each family keeps at least one held-out template.
    """
    held: set[str] = {SEED_TEMPLATE_ID} & {t.id for t in templates}
    for template in templates:
        family, key, _ = template.id.split(".", 2)
        if _hash_percent(f"concept:{family}.{key}") < 7 or _hash_percent(f"id:{template.id}") < 10:
            held.add(template.id)
    for family in dict.fromkeys(t.family for t in templates):
        members = [t.id for t in templates if t.family == family]
        if len(members) > 1 and not held.intersection(members):
            held.add(min(members, key=lambda i: _hash_percent(f"id:{i}")))
    return frozenset(held)


DEFAULT_HELD_OUT_TEMPLATES: frozenset[str] = _default_held_out(TEMPLATES)
# Whole phrase languages nobody trains on; neither is a host language we report on.
DEFAULT_HELD_OUT_LANGS: frozenset[str] = frozenset({"ps", "pl"})


def split_templates(templates: Iterable[Template],
                    held_out_ids: Collection[str] = DEFAULT_HELD_OUT_TEMPLATES,
                    held_out_langs: Collection[str] = DEFAULT_HELD_OUT_LANGS) -> tuple[list[Template], list[Template]]:
    """(train_templates, held_out_templates): held out when the id is listed OR the phrase language is."""
    ids, langs = frozenset(held_out_ids), frozenset(held_out_langs)
    train: list[Template] = []
    held: list[Template] = []
    for template in templates:
        (held if template.id in ids or template.lang in langs else train).append(template)
    return train, held


def _vary_case(phrase: str, rng: random.Random) -> str:
    """lower / Title / UPPER / odd ("Peru Whatsapp Numbers list"), the casing noise of real insertions."""
    if not any(c.isupper() or c.islower() for c in phrase):
        return phrase
    roll = rng.random()
    if roll < 0.35:
        return phrase
    if roll < 0.55:
        return phrase.lower()
    words = phrase.split(" ")
    if roll < 0.75:
        return " ".join(w[:1].upper() + w[1:] for w in words)
    if roll < 0.82:
        return phrase.upper()
    odd = []
    for word in words:
        pick = rng.random()
        if pick < 0.45:
            odd.append(word.lower())
        else:
            odd.append(word.upper() if pick < 0.55 else word[:1].upper() + word[1:].lower())
    return " ".join(odd)


def expand(template: Template, rng: random.Random, *, host_text: str | None = None) -> str:
    """Fill the template's slots for its language and vary the casing; ``host_text`` feeds ``{host_words}``."""
    values = {slot: _fill(slot, template.lang, rng, host_text) for slot in template.slots}
    phrase = " ".join(template.pattern.format(**values).split())
    if template.family in ("url", "markup") or "host_words" in values:
        return phrase
    return _vary_case(phrase, rng)


# --------------------------------------------------------------------------------------------------------
# Negatives: legitimate text on the same topics, forum furniture, parenthetical glosses, spinner noise
# --------------------------------------------------------------------------------------------------------

NEGATIVE_SENTENCES: dict[str, tuple[str, ...]] = {
    "en": (
        "A WhatsApp number consists of a country code followed by the subscriber number.",
        "In Iceland, phone numbers have seven digits and there are no area codes.",
        "You can update the mobile number linked to your Aadhaar card at any enrolment centre.",
        "Under the GDPR, an email list may only be used for marketing if subscribers gave consent.",
        "Telegram lets users hide their phone number from people who are not in their contacts.",
        "The database was migrated to PostgreSQL last weekend, so reports may load slowly.",
        "Most countries now require SIM cards to be registered with a valid ID.",
        "Our support team will never ask for your one-time password over the phone.",
        "The Do Not Call registry lets consumers opt out of telemarketing calls.",
        "Bulk SMS providers must include an opt-out keyword such as STOP in every promotional message.",
        "Lead generation works best when the offer matches what the visitor was searching for.",
        "If you change your phone, back up your WhatsApp chats to the cloud first.",
        "Viber is especially popular in Eastern Europe and Nepal.",
        "An E.164 number can be at most fifteen digits long, including the country code.",
        "Please enter your mobile number without the leading zero.",
        "Customer records older than seven years are deleted from the database automatically.",
        "We send a monthly newsletter, and you can unsubscribe with one click at the bottom of any email.",
        "Double opt-in confirms that the person who signed up actually owns the email address.",
        "A clean mailing list improves deliverability and lowers the bounce rate.",
        "The bank sends an SMS alert whenever your card is used abroad.",
        "Scammers often spoof caller ID to make a call look like it comes from a local number.",
        "In the UK, mobile numbers start with 07 when dialled from inside the country.",
        "Buying contact lists from third parties can break anti-spam laws in many countries.",
        "Our CRM stores each lead with its source, owner and last contact date.",
        "WeChat combines messaging, payments and mini programs in a single app.",
        "You can find the customer service number on the back of your card.",
        "The survey asked respondents how often they check their email each day.",
        "Telemarketing calls are restricted to daytime hours in several states.",
        "LINE is the most widely used messaging app in Japan and Thailand.",
        "Signal encrypts messages end to end and keeps very little metadata.",
        "A database index speeds up lookups but makes every write a little slower.",
        "The contact form asks for a name, an email address and an optional phone number.",
        "Port your number to the new carrier before you cancel the old contract.",
        "Emergency numbers differ by country: 112 in most of Europe and 911 in North America.",
        "The library catalogue database is offline for maintenance until Monday.",
        "Keep a record of when and how each subscriber agreed to receive SMS messages.",
        "B2B sales cycles are longer because several people have to approve a purchase.",
        "If you lose your phone, ask your carrier to block the SIM immediately.",
        "The app verifies your number by sending a six-digit code.",
        "Email marketing still returns more per dollar than most other channels, according to the report.",
        "For questions about your order, write to support@example.com or call +1 555 0100.",
        "The full documentation is available at https://docs.example.org/guide.",
        "Many small shops use a WhatsApp Business account to answer customer questions.",
        "A phone number alone counts as personal data when it can identify a person.",
        "Spam filters look at sender reputation as well as the content of a message.",
        "The hotline number was printed on every flyer in large type.",
        "Number portability lets you keep your number when you switch providers.",
        "He wrote his phone number on a napkin and left it on the table.",
        "The records are exported from the database as a CSV file every night.",
        "Some operators reuse disconnected numbers after a waiting period of several months.",
        "Our marketing team segments the email list by region and purchase history.",
        "Both the new tablet and the older phone support two SIM cards.",
        "Their data protection officer can be reached at dpo@example.eu.",
        "Telegram channels are a popular way for local newspapers to share breaking news.",
        "Customer service answers the question after the sale; customer experience covers the whole journey.",
        "Phone numbers in India have ten digits, and mobile numbers usually begin with 6, 7, 8 or 9.",
        "The consumer protection office publishes a list of companies fined for unsolicited calls.",
        "A well-kept database of suppliers saves the purchasing team hours every week.",
        # the spam keywords themselves, used grammatically by pages about them
        "Is it legal to buy a phone number list for cold calling in your country?",
        "Our latest database update fixed the login bug that some of you reported.",
        "The special database for rare diseases is run by the university hospital.",
        "Never buy an email list; build your own with a clear sign-up form.",
        "She asked whether the Telegram database backup had finished overnight.",
        "A bulk SMS service is useful for school closure alerts, as long as parents opted in.",
        "The mailing list of the chess club has forty members and one very active moderator.",
        "B2B leads from trade fairs tend to convert better than cold ones.",
        "The app ships a phone number library so that it can format numbers from every country.",
        "Updated 2024 figures show that mobile number portability requests doubled.",
        "The regulator fined the retailer after its consumer database leaked online.",
        "How do I move my WhatsApp contact list to a new phone?",
        "The Peru WhatsApp group for volunteers is where we post the weekly schedule.",
        "Sellers of a so-called cell phone number list often scrape numbers without consent.",
        "Check that your business email list only contains people who asked to hear from you.",
    ),
    "hi": (
        "अच्छी ग्राहक सेवा से ग्राहकों का भरोसा बढ़ता है।",
        "ग्राहक अनुभव और ग्राहक सेवा में अंतर समझना हर व्यवसाय के लिए जरूरी है।",
        "कंपनी का ब्रांड ग्राहकों की समीक्षाओं से बनता या बिगड़ता है।",
        "मार्केटिंग टीम ने ग्राहक सहायता के लिए एक नई हेल्पलाइन शुरू की।",
        "आधार कार्ड से जुड़ा मोबाइल नंबर अपडेट करने के लिए नजदीकी आधार केंद्र पर जाना होगा।",
        "व्हाट्सएप नंबर में पहले देश का कोड और फिर मोबाइल नंबर लिखा जाता है।",
        "बैंक कभी भी फोन पर आपका ओटीपी नहीं मांगता है।",
        "ग्राहकों का डेटा सुरक्षित रखना हर कंपनी की जिम्मेदारी है।",
        "टेलीग्राम पर आप अपना फोन नंबर दूसरों से छिपा सकते हैं।",
        "ईमेल मार्केटिंग के लिए ग्राहकों की अनुमति लेना जरूरी है।",
        "भारत में मोबाइल नंबर दस अंकों का होता है।",
        "नया सिम कार्ड लेने के लिए पहचान पत्र दिखाना अनिवार्य है।",
        "हेल्पलाइन नंबर पर कोरोना से जुड़ी जानकारी ली जा सकती है।",
        "कंपनी ने अपने ग्राहक डेटाबेस को नए सर्वर पर स्थानांतरित कर दिया है।",
        "अनचाहे कॉल और एसएमएस से बचने के लिए डू नॉट डिस्टर्ब सेवा चालू करें।",
        "नंबर पोर्टेबिलिटी की मदद से आप अपना नंबर बदले बिना कंपनी बदल सकते हैं।",
        "फॉर्म में अपना ईमेल पता और मोबाइल नंबर सही-सही भरें।",
        "साइबर ठग अक्सर अनजान नंबरों से कॉल करके लोगों को धोखा देते हैं।",
        "छोटे दुकानदार व्हाट्सएप बिजनेस से ग्राहकों के सवालों का जवाब देते हैं।",
        "बल्क एसएमएस भेजने से पहले ट्राई के नियमों को समझ लेना चाहिए।",
        "लीड जनरेशन का मतलब है संभावित ग्राहकों की पहचान करना।",
        "मतदाता सूची में नाम जोड़ने के लिए ऑनलाइन आवेदन किया जा सकता है।",
        "अधिक जानकारी के लिए वेबसाइट www.example.gov.in देखें।",
        "पुलिस ने लोगों से अपील की है कि वे किसी के साथ ओटीपी साझा न करें।",
        "ग्राहक सेवा बिक्री के बाद की मदद है, जबकि ग्राहक अनुभव पूरी यात्रा को कवर करता है।",
        "फोन नंबर सूची खरीदना कई देशों में कानून के खिलाफ है।",
        "नवीनतम डेटाबेस अपडेट के बाद लॉगिन की समस्या ठीक हो गई है।",
        "व्हाट्सएप नंबर डेटा को सुरक्षित रखने के लिए दो-चरणीय सत्यापन चालू करें।",
    ),
    "ne": (
        "मोबाइल नम्बर परिवर्तन गर्न नजिकैको सेवा केन्द्रमा जानुपर्छ।",
        "नेपालमा मोबाइल नम्बर दस अङ्कको हुन्छ।",
        "भाइबर र ह्वाट्सएप नेपालमा धेरै प्रयोग हुने सन्देश एप हुन्।",
        "बैंकले कहिल्यै पनि फोनमा तपाईंको पासवर्ड माग्दैन।",
        "ग्राहकको व्यक्तिगत विवरण सुरक्षित राख्नु कम्पनीको दायित्व हो।",
        "नयाँ सिम कार्ड लिन नागरिकताको प्रतिलिपि आवश्यक पर्छ।",
        "दूरसञ्चार प्राधिकरणले अनावश्यक एसएमएस रोक्न निर्देशन दिएको छ।",
        "टेलिग्राममा आफ्नो फोन नम्बर लुकाउन सकिन्छ।",
        "इमेल मार्फत पठाइने विज्ञापनका लागि प्रापकको अनुमति चाहिन्छ।",
        "कम्पनीले आफ्नो डाटाबेस नयाँ सर्भरमा सारेको छ।",
        "थप जानकारीका लागि प्रहरीको हेल्पलाइन नम्बरमा सम्पर्क गर्न सकिन्छ।",
        "साइबर ठगीबाट बच्न अपरिचित नम्बरबाट आएका लिंकमा क्लिक नगर्नुहोस्।",
        "मतदाता नामावलीमा नाम दर्ता गर्न अनलाइन फारम भर्न सकिन्छ।",
        "ग्राहक सेवा नम्बर कार्डको पछाडि लेखिएको हुन्छ।",
    ),
    "mr": (
        "आधार कार्डशी जोडलेला मोबाइल नंबर बदलण्यासाठी आधार केंद्रात जावे लागते.",
        "भारतातील मोबाइल नंबर दहा अंकी असतो.",
        "बँक कधीही फोनवर तुमचा ओटीपी विचारत नाही.",
        "ग्राहकांची माहिती सुरक्षित ठेवणे ही कंपनीची जबाबदारी आहे.",
        "व्हॉट्सॲपवर नंबर सेव्ह करताना देशाचा कोड लिहावा.",
        "ईमेल मार्केटिंगसाठी ग्राहकांची परवानगी घेणे आवश्यक आहे.",
        "नवीन सिम कार्ड घेण्यासाठी ओळखपत्र दाखवावे लागते.",
        "कंपनीने आपला डेटाबेस नवीन सर्व्हरवर हलवला आहे.",
        "अनोळखी नंबरवरून आलेल्या लिंकवर क्लिक करू नका.",
        "अधिक माहितीसाठी हेल्पलाइन क्रमांकावर संपर्क साधा.",
    ),
    "bn": (
        "হোয়াটসঅ্যাপ নম্বরে প্রথমে দেশের কোড এবং তারপর মোবাইল নম্বর লিখতে হয়।",
        "বাংলাদেশে মোবাইল নম্বর এগারো অঙ্কের হয়।",
        "ব্যাংক কখনও ফোনে আপনার পিন নম্বর জানতে চায় না।",
        "গ্রাহকের তথ্য সুরক্ষিত রাখা প্রতিটি প্রতিষ্ঠানের দায়িত্ব।",
        "নতুন সিম কার্ড নিতে জাতীয় পরিচয়পত্র লাগে।",
        "ইমেল মার্কেটিংয়ের আগে গ্রাহকের অনুমতি নেওয়া জরুরি।",
        "প্রতিষ্ঠানটি তাদের ডাটাবেস নতুন সার্ভারে স্থানান্তর করেছে।",
        "অপরিচিত নম্বর থেকে আসা লিংকে ক্লিক করবেন না।",
        "টেলিগ্রামে নিজের ফোন নম্বর অন্যদের কাছ থেকে লুকিয়ে রাখা যায়।",
        "জরুরি প্রয়োজনে ৯৯৯ নম্বরে ফোন করুন।",
        "অনেক ছোট ব্যবসা হোয়াটসঅ্যাপ বিজনেস দিয়ে গ্রাহকের প্রশ্নের উত্তর দেয়।",
        "বিস্তারিত জানতে info@example.com ঠিকানায় ইমেল করুন।",
    ),
    "ur": (
        "واٹس ایپ نمبر میں پہلے ملک کا کوڈ اور پھر موبائل نمبر لکھا جاتا ہے۔",
        "پاکستان میں موبائل نمبر گیارہ ہندسوں پر مشتمل ہوتا ہے۔",
        "بینک کبھی بھی فون پر آپ کا پن کوڈ نہیں مانگتا۔",
        "صارفین کے ڈیٹا کی حفاظت ہر کمپنی کی ذمہ داری ہے۔",
        "نیا سم کارڈ لینے کے لیے شناختی کارڈ ضروری ہے۔",
        "ای میل مارکیٹنگ سے پہلے صارف کی اجازت لینا ضروری ہے۔",
        "کمپنی نے اپنا ڈیٹا بیس نئے سرور پر منتقل کر دیا ہے۔",
        "نامعلوم نمبروں سے آنے والے لنکس پر کلک نہ کریں۔",
        "ٹیلیگرام پر آپ اپنا فون نمبر دوسروں سے چھپا سکتے ہیں۔",
        "مزید معلومات کے لیے ہیلپ لائن پر رابطہ کریں۔",
    ),
    "ta": (
        "வாட்ஸ்அப் எண்ணில் முதலில் நாட்டுக் குறியீடும் பின்னர் கைபேசி எண்ணும் இடம்பெறும்.",
        "இந்தியாவில் கைபேசி எண் பத்து இலக்கங்களைக் கொண்டது.",
        "வங்கி ஒருபோதும் தொலைபேசியில் உங்கள் கடவுச்சொல்லைக் கேட்காது.",
        "வாடிக்கையாளர் தகவல்களைப் பாதுகாப்பது ஒவ்வொரு நிறுவனத்தின் கடமையாகும்.",
        "புதிய சிம் அட்டை பெற அடையாள அட்டை தேவை.",
        "ஆதார் அட்டையுடன் இணைக்கப்பட்ட கைபேசி எண்ணை மாற்ற ஆதார் மையத்திற்குச் செல்ல வேண்டும்.",
        "தெரியாத எண்களிலிருந்து வரும் இணைப்புகளைத் திறக்க வேண்டாம்.",
        "நிறுவனம் தனது தரவுத்தளத்தைப் புதிய சேவையகத்திற்கு மாற்றியது.",
    ),
    "gu": (
        "વોટ્સએપ નંબરમાં પહેલા દેશનો કોડ અને પછી મોબાઇલ નંબર લખાય છે.",
        "ભારતમાં મોબાઇલ નંબર દસ અંકનો હોય છે.",
        "બેંક ક્યારેય ફોન પર તમારો ઓટીપી માંગતી નથી.",
        "ગ્રાહકોની માહિતી સુરક્ષિત રાખવી એ કંપનીની જવાબદારી છે.",
        "આધાર કાર્ડ સાથે જોડાયેલ મોબાઇલ નંબર બદલવા માટે આધાર કેન્દ્ર પર જવું પડે છે.",
        "અજાણ્યા નંબર પરથી આવેલી લિંક પર ક્લિક કરશો નહીં.",
        "કંપનીએ પોતાનો ડેટાબેઝ નવા સર્વર પર ખસેડ્યો છે.",
    ),
    "pa": (
        "ਵਟਸਐਪ ਨੰਬਰ ਵਿੱਚ ਪਹਿਲਾਂ ਦੇਸ਼ ਦਾ ਕੋਡ ਅਤੇ ਫਿਰ ਮੋਬਾਈਲ ਨੰਬਰ ਲਿਖਿਆ ਜਾਂਦਾ ਹੈ।",
        "ਭਾਰਤ ਵਿੱਚ ਮੋਬਾਈਲ ਨੰਬਰ ਦਸ ਅੰਕਾਂ ਦਾ ਹੁੰਦਾ ਹੈ।",
        "ਬੈਂਕ ਕਦੇ ਵੀ ਫ਼ੋਨ 'ਤੇ ਤੁਹਾਡਾ ਓਟੀਪੀ ਨਹੀਂ ਮੰਗਦਾ।",
        "ਗਾਹਕਾਂ ਦੀ ਜਾਣਕਾਰੀ ਸੁਰੱਖਿਅਤ ਰੱਖਣਾ ਕੰਪਨੀ ਦੀ ਜ਼ਿੰਮੇਵਾਰੀ ਹੈ।",
        "ਆਧਾਰ ਕਾਰਡ ਨਾਲ ਜੁੜਿਆ ਮੋਬਾਈਲ ਨੰਬਰ ਬਦਲਣ ਲਈ ਆਧਾਰ ਕੇਂਦਰ ਜਾਣਾ ਪੈਂਦਾ ਹੈ।",
        "ਅਣਜਾਣ ਨੰਬਰਾਂ ਤੋਂ ਆਏ ਲਿੰਕਾਂ 'ਤੇ ਕਲਿੱਕ ਨਾ ਕਰੋ।",
        "ਕੰਪਨੀ ਨੇ ਆਪਣਾ ਡਾਟਾਬੇਸ ਨਵੇਂ ਸਰਵਰ 'ਤੇ ਤਬਦੀਲ ਕਰ ਦਿੱਤਾ ਹੈ।",
    ),
    "hi-en": (
        "mera whatsapp number change ho gaya hai naya number save kar lo",
        "aadhaar se mobile number link karne ke liye center jana padega",
        "bhai telegram group ka link bhej do",
        "otp kisi ko mat batana bank kabhi otp nahi maangta",
        "mujhe bulk sms bahut aate hai dnd activate karna padega",
        "customer care ka number kya hai koi bata sakta hai",
        "email id galat daal di thi ab update kaise karu",
        "uska phone number mere paas nahi hai insta pe message kar do",
        "database wala project kal submit karna hai",
        "naye sim ke liye aadhaar card aur photo chahiye",
        "usne whatsapp pe bola ki kal milte hai",
        "data pack khatam ho gaya recharge karna padega",
    ),
    "mr-en": (
        "maza whatsapp number badalla ahe nava number save kar",
        "aadhaar la mobile number link karaycha ahe center la jaava lagel",
        "otp konala pan sangu naka",
        "telegram group chi link pathav na",
        "customer care cha number kay ahe",
        "email id chukichi takli hoti ata update kashi karu",
        "navin sim sathi aadhaar card lagta",
        "database cha assignment udya submit karaycha ahe",
    ),
    "zh": (
        "WhatsApp 号码由国家代码和用户号码组成。",
        "中国大陆的手机号码一般为十一位数字。",
        "银行不会通过电话向您索要验证码。",
        "保护用户个人信息是每家企业的责任。",
        "办理新的手机卡需要出示有效身份证件。",
        "根据相关法规，发送营销短信前必须取得用户同意。",
        "公司已将客户数据库迁移到新的服务器上。",
        "请不要点击陌生号码发来的链接。",
        "在 Telegram 中，您可以对陌生人隐藏自己的手机号码。",
        "电子邮件营销的关键在于内容是否对读者有价值。",
        "携号转网后，原有的手机号码可以继续使用。",
        "如需帮助，请拨打客服热线或发送邮件至 support@example.com。",
        "数据库索引可以加快查询速度，但会增加写入成本。",
        "许多小商家用微信回复顾客的咨询。",
        "这份问卷调查了用户每天查看邮件的次数。",
        "营销线索的质量比数量更重要。",
        "手机号码实名制要求每张电话卡都登记真实身份。",
        "更多信息请访问 https://www.example.cn 。",
        "电话推销应当遵守消费者权益保护的相关规定。",
        "客户服务是售后的帮助，而客户体验贯穿整个购买过程。",
        "购买所谓的手机号码清单可能违反个人信息保护法。",
        "最新数据库版本修复了部分用户无法登录的问题。",
        "我们的邮件列表只发送给主动订阅的用户。",
        "如何把 WhatsApp 联系人迁移到新手机上？",
        "群发短信服务必须提供退订方式。",
    ),
    "zh-Hant": (
        "WhatsApp 號碼由國家代碼和用戶號碼組成。",
        "台灣的手機號碼通常以 09 開頭，共十碼。",
        "銀行不會透過電話向您索取驗證碼。",
        "保護客戶個人資料是每家企業的責任。",
        "公司已將客戶資料庫移轉到新的伺服器。",
        "請勿點擊陌生號碼傳來的連結。",
        "發送行銷簡訊前必須取得使用者同意。",
        "許多小店家用 LINE 回覆顧客的問題。",
        "在 Telegram 中可以對陌生人隱藏自己的手機號碼。",
        "電子郵件行銷的關鍵在於內容是否對讀者有價值。",
    ),
    "ja": (
        "日本の携帯電話番号は090、080、070などで始まる11桁の番号です。",
        "銀行が電話で暗証番号を尋ねることはありません。",
        "顧客の個人情報を守ることは企業の責任です。",
        "新しいSIMカードを契約するには本人確認書類が必要です。",
        "知らない番号から届いたリンクは開かないでください。",
        "LINEは日本で最も利用されているメッセージアプリです。",
        "会社は顧客データベースを新しいサーバーに移行しました。",
        "メールマガジンはいつでも配信停止できます。",
        "番号ポータビリティを使えば、電話番号を変えずに携帯会社を乗り換えられます。",
        "営業メールを送る前に、受信者の同意を得る必要があります。",
        "お問い合わせはsupport@example.jpまでご連絡ください。",
    ),
    "ko": (
        "한국의 휴대폰 번호는 보통 010으로 시작합니다.",
        "은행은 전화로 비밀번호를 묻지 않습니다.",
        "고객의 개인정보를 보호하는 것은 기업의 책임입니다.",
        "새 유심을 개통하려면 신분증이 필요합니다.",
        "모르는 번호로 온 링크는 누르지 마세요.",
        "카카오톡은 한국에서 가장 많이 쓰는 메신저입니다.",
        "회사는 고객 데이터베이스를 새 서버로 옮겼습니다.",
        "광고성 문자를 보내려면 수신자의 사전 동의가 필요합니다.",
        "번호이동을 하면 기존 번호를 그대로 쓸 수 있습니다.",
        "문의 사항은 고객센터로 전화하시거나 이메일을 보내 주세요.",
    ),
    "ru": (
        "Номер WhatsApp состоит из кода страны и номера абонента.",
        "В России мобильные номера начинаются с +7 и содержат десять цифр после кода страны.",
        "Банк никогда не спрашивает код из SMS по телефону.",
        "Защита персональных данных клиентов — обязанность каждой компании.",
        "Для покупки новой SIM-карты нужен паспорт.",
        "Не переходите по ссылкам из сообщений с незнакомых номеров.",
        "В Telegram можно скрыть свой номер телефона от посторонних.",
        "Компания перенесла базу данных клиентов на новый сервер.",
        "Рассылка рекламных SMS без согласия получателя запрещена законом.",
        "Email-маркетинг работает, только если письма полезны читателю.",
        "Сохранить номер при смене оператора можно с помощью услуги переноса номера.",
        "Вопросы можно задать по адресу support@example.ru.",
        "Индекс в базе данных ускоряет поиск, но замедляет запись.",
        "Покупать базу номеров телефонов для холодных звонков незаконно во многих странах.",
        "После обновления базы данных проблема со входом исчезла.",
    ),
    "ar": (
        "يتكون رقم واتساب من رمز الدولة يليه رقم المشترك.",
        "لا يطلب البنك أبدًا رمز التحقق عبر الهاتف.",
        "حماية بيانات العملاء مسؤولية كل شركة.",
        "يلزم إبراز بطاقة الهوية عند شراء شريحة اتصال جديدة.",
        "لا تضغط على الروابط التي تصلك من أرقام مجهولة.",
        "نقلت الشركة قاعدة بيانات العملاء إلى خادم جديد.",
        "يجب الحصول على موافقة المستخدم قبل إرسال الرسائل التسويقية.",
        "يمكنك في تيليجرام إخفاء رقم هاتفك عن الغرباء.",
        "يبدأ رقم الجوال في السعودية عادةً بالرقم 05.",
        "للاستفسار يرجى التواصل عبر البريد الإلكتروني info@example.com.",
        "يعتمد التسويق عبر البريد الإلكتروني على تقديم محتوى مفيد للقارئ.",
        "تتيح خدمة نقل الرقم الاحتفاظ برقمك عند تغيير مزود الخدمة.",
    ),
    "fa": (
        "شماره واتساپ از کد کشور و شماره مشترک تشکیل می‌شود.",
        "بانک هرگز رمز پویا را تلفنی از شما نمی‌خواهد.",
        "حفاظت از اطلاعات مشتریان وظیفه هر شرکتی است.",
        "برای خرید سیم‌کارت جدید ارائه کارت ملی الزامی است.",
        "روی لینک‌هایی که از شماره‌های ناشناس می‌رسند کلیک نکنید.",
        "شرکت پایگاه داده مشتریان را به سرور جدید منتقل کرد.",
        "ارسال پیامک تبلیغاتی بدون رضایت گیرنده ممنوع است.",
        "شماره‌های همراه در ایران معمولاً با ۰۹ شروع می‌شوند.",
        "در تلگرام می‌توانید شماره تلفن خود را از دیگران پنهان کنید.",
        "برای اطلاعات بیشتر با پشتیبانی تماس بگیرید.",
    ),
    "es": (
        "Un número de WhatsApp se compone del código de país seguido del número del abonado.",
        "El banco nunca le pedirá su clave por teléfono.",
        "Proteger los datos personales de los clientes es responsabilidad de cada empresa.",
        "Para comprar una tarjeta SIM nueva hay que presentar un documento de identidad.",
        "No abra enlaces enviados desde números desconocidos.",
        "La empresa trasladó su base de datos de clientes a un servidor nuevo.",
        "El envío de SMS publicitarios requiere el consentimiento previo del destinatario.",
        "En Telegram puede ocultar su número de teléfono a los desconocidos.",
        "Con la portabilidad puede conservar su número al cambiar de compañía.",
        "Para cualquier consulta escriba a atencion@example.es.",
        "El email marketing funciona cuando el contenido es útil para el lector.",
        "Los números móviles en España empiezan por 6 o 7.",
        "Comprar una lista de números de teléfono para llamadas en frío puede ser ilegal.",
    ),
    "pt": (
        "Um número de WhatsApp é formado pelo código do país seguido do número do assinante.",
        "O banco nunca pede a sua senha por telefone.",
        "Proteger os dados pessoais dos clientes é responsabilidade de cada empresa.",
        "Para comprar um chip novo é preciso apresentar um documento de identidade.",
        "Não clique em links enviados por números desconhecidos.",
        "A empresa migrou a base de dados de clientes para um servidor novo.",
        "O envio de SMS promocionais exige o consentimento prévio do destinatário.",
        "Com a portabilidade, você mantém o seu número ao trocar de operadora.",
        "No Brasil, os números de celular têm nove dígitos depois do DDD.",
        "Dúvidas podem ser enviadas para contato@example.com.br.",
    ),
    "id": (
        "Nomor WhatsApp terdiri dari kode negara diikuti nomor pelanggan.",
        "Bank tidak pernah meminta kode OTP melalui telepon.",
        "Melindungi data pribadi pelanggan adalah tanggung jawab setiap perusahaan.",
        "Kartu SIM baru harus didaftarkan dengan NIK dan nomor KK.",
        "Jangan klik tautan yang dikirim dari nomor tidak dikenal.",
        "Perusahaan memindahkan database pelanggan ke server baru.",
        "Pengiriman SMS promosi memerlukan persetujuan penerima.",
        "Di Telegram, Anda bisa menyembunyikan nomor telepon dari orang asing.",
        "Nomor ponsel di Indonesia biasanya diawali dengan 08.",
        "Untuk pertanyaan, hubungi layanan pelanggan melalui email cs@example.co.id.",
        "Email marketing efektif jika isinya bermanfaat bagi pembaca.",
        "Membeli database nomor telepon untuk promosi dapat melanggar undang-undang perlindungan data.",
    ),
    "vi": (
        "Số WhatsApp gồm mã quốc gia và số thuê bao.",
        "Ngân hàng không bao giờ hỏi mã OTP qua điện thoại.",
        "Bảo vệ dữ liệu cá nhân của khách hàng là trách nhiệm của mỗi doanh nghiệp.",
        "Khi mua SIM mới, bạn phải xuất trình căn cước công dân.",
        "Đừng bấm vào đường link được gửi từ số lạ.",
        "Công ty đã chuyển cơ sở dữ liệu khách hàng sang máy chủ mới.",
        "Gửi tin nhắn quảng cáo cần có sự đồng ý của người nhận.",
        "Zalo là ứng dụng nhắn tin phổ biến nhất ở Việt Nam.",
        "Số điện thoại di động ở Việt Nam có mười chữ số.",
        "Mọi thắc mắc xin gửi về địa chỉ hotro@example.vn.",
    ),
    "th": (
        "หมายเลข WhatsApp ประกอบด้วยรหัสประเทศตามด้วยหมายเลขผู้ใช้",
        "ธนาคารจะไม่ขอรหัส OTP ทางโทรศัพท์",
        "การปกป้องข้อมูลส่วนบุคคลของลูกค้าเป็นหน้าที่ของทุกบริษัท",
        "การซื้อซิมการ์ดใหม่ต้องแสดงบัตรประชาชน",
        "อย่ากดลิงก์ที่ส่งมาจากเบอร์ที่ไม่รู้จัก",
        "บริษัทย้ายฐานข้อมูลลูกค้าไปยังเซิร์ฟเวอร์ใหม่แล้ว",
        "LINE เป็นแอปส่งข้อความที่คนไทยใช้มากที่สุด",
        "เบอร์มือถือในประเทศไทยมีสิบหลัก",
        "การส่ง SMS โฆษณาต้องได้รับความยินยอมจากผู้รับ",
    ),
}

# Headings that legitimately stand on a line of their own (a line of its own is not enough to be spam).
NEGATIVE_HEADINGS: dict[str, tuple[str, ...]] = {
    "en": ("Frequently Asked Questions", "How to change your registered mobile number", "Number formats by country",
           "Step 2: Verify your email address", "Related articles", "Table of contents", "Contact us",
           "Privacy policy", "Customer Service vs Customer Experience"),
    "hi": ("अक्सर पूछे जाने वाले प्रश्न", "मोबाइल नंबर कैसे बदलें", "संबंधित लेख", "ग्राहक सेवा बनाम ग्राहक अनुभव",
           "कस्टमर केयर क्या है?", "ईमेल मार्केटिंग के फायदे", "ब्रांड की प्रतिष्ठा"),
    "zh": ("常见问题", "如何更换绑定的手机号码", "相关文章"),
    "ru": ("Часто задаваемые вопросы", "Как сменить номер телефона", "Похожие статьи"),
    "es": ("Preguntas frecuentes", "Cómo cambiar su número de teléfono", "Artículos relacionados"),
    "ar": ("الأسئلة الشائعة", "كيفية تغيير رقم الجوال", "مقالات ذات صلة"),
}

# English glosses in parentheses, as Hindi (and other Indic) news writes them; inserted mid-sentence.
PARENTHETICAL_GLOSSES: tuple[str, ...] = (
    "(Work From Home)", "(Customer Experience)", "(One Time Password)", "(Know Your Customer)",
    "(Social Distancing)", "(Mobile Number Portability)", "(Unified Payments Interface)", "(Do Not Disturb)",
    "(Lockdown)", "(Containment Zone)", "(Quarantine)", "(Customer Service)", "(Data Protection)",
    "(Personal Protective Equipment)", "(Helpline)", "(E-commerce)",
)
_PARENTHETICAL_HOSTS = frozenset({"hi", "mr", "ne", "bn", "gu", "pa", "ta", "ur"})

# Text-spinner and writing-tool leftovers: odd but not commercial. Gold marks them as ignore regions.
SPINNER_NOISE: dict[str, tuple[str, ...]] = {
    "en": ("Therefore,", "Moreover,", "However,", "In addition,", "the low popularity of", "As a result,",
           "On the other hand,", "Furthermore,", "[1]", "[2]", "[citation needed]", "In conclusion,"),
    "hi": ("इसलिए,", "इसके अलावा,", "हालांकि,"),
    "ne": ("त्यसैले,", "यसबाहेक,"),
    "zh": ("因此，", "此外，", "[1]", "然而，"),
    "zh-Hant": ("因此，", "此外，"),
    "ru": ("Поэтому,", "Кроме того,", "Однако,"),
    "es": ("Por lo tanto,", "Además,", "Sin embargo,"),
    "pt": ("Portanto,", "Além disso,"),
    "id": ("Oleh karena itu,", "Selain itu,"),
    "vi": ("Do đó,", "Ngoài ra,"),
    "ar": ("لذلك،", "علاوة على ذلك،"),
    "ja": ("したがって、", "さらに、"),
    "ko": ("따라서,", "게다가,"),
}

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_FORUM_SECTIONS = ("Marketing", "Email Marketing", "Business", "General Discussion", "Customer Service",
                   "Telemarketing", "Data Management", "Off Topic", "Announcements")


def _username(rng: random.Random) -> str:
    name = _invented_word(rng, (1, 2))
    return rng.choice((name, f"{name}{rng.randint(1, 999)}", f"{name}_{_invented_word(rng, (1, 1))}", "admin"))


def _forum_line(lang: str, rng: random.Random) -> str:
    """Forum furniture: headers, counters, breadcrumbs, buttons. Ordinary page chrome, never an insertion."""
    day, month, dom = rng.choice(_DAYS), rng.choice(_MONTHS), rng.randint(1, 28)
    year, hour, minute = rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(0, 59)
    stamp = f"{day} {month} {dom}, {year} {hour}:{minute:02d} {rng.choice(('am', 'pm'))}"
    iso = f"{year}-{rng.randint(1, 12):02d}-{dom:02d} {rng.randint(0, 23):02d}:{minute:02d}"
    localized = {
        "zh": (f"发表于 {iso}", "回复", "楼主", f"帖子: {rng.randint(1, 900)}", "首页 » 论坛 » 市场营销"),
        "zh-Hant": (f"發表於 {iso}", "回覆", "首頁 » 論壇 » 行銷"),
        "ru": (f"Сообщение {_username(rng)} » {dom:02d}.{rng.randint(1, 12):02d}.{year}", "Ответить",
               f"Сообщения: {rng.randint(1, 900)}", f"Зарегистрирован: {dom:02d}.{rng.randint(1, 12):02d}.{year}"),
        "hi": (f"पोस्ट किया गया: {dom}/{rng.randint(1, 12)}/{year}", "जवाब दें", "होम » फोरम » मार्केटिंग"),
        "es": (f"Publicado: {dom}/{rng.randint(1, 12)}/{year}", "Responder", f"Mensajes: {rng.randint(1, 900)}"),
        "ar": (f"نشر في {dom}/{rng.randint(1, 12)}/{year}", "رد", f"المشاركات: {rng.randint(1, 900)}"),
        "vi": (f"Đăng lúc {iso}", "Trả lời", "Trang chủ » Diễn đàn » Tiếp thị"),
    }
    if lang in localized and rng.random() < 0.6:
        return rng.choice(localized[lang])
    section = rng.choice(_FORUM_SECTIONS)
    choices = (
        f"Posted: {stamp}", f"Joined: {stamp}", f"Posts: {rng.randint(1, 2000)}", "Post Reply", "Quote", "Top",
        f"Post by {_username(rng)} » {stamp}", f"Home » Forum » {section}", f"Board index ‹ Business ‹ {section}",
        f"Home / Blog / {section}", f"Learn, share, and connect around {section.lower()} solutions.",
        "Reply with quote", f"Page 1 of {rng.randint(2, 9)}", f"{rng.randint(1, 40)} posts • Page 1 of 1",
        f"Users browsing this forum: No registered users and {rng.randint(1, 9)} guests",
        f"Last edited by {_username(rng)} on {stamp}, edited {rng.randint(1, 5)} times in total.",
    )
    return rng.choice(choices)


# --------------------------------------------------------------------------------------------------------
# Disguises
# --------------------------------------------------------------------------------------------------------

DISGUISES: tuple[str, ...] = ("zero_width", "homoglyph", "mixed_digits", "odd_spacing", "casing", "leet", "bidi",
                              "html_entity")
_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\u00ad")
_LOOKALIKES = {
    "a": "а", "c": "с", "e": "е", "i": "і", "j": "ј", "o": "оο", "p": "рρ", "s": "ѕ", "x": "х", "y": "уγ",
    "A": "АΑ", "B": "ВΒ", "C": "С", "E": "ЕΕ", "H": "НΗ", "I": "ІΙ", "K": "КΚ", "M": "МΜ", "N": "Ν", "O": "ОΟ",
    "P": "РΡ", "S": "Ѕ", "T": "ТΤ", "X": "ХΧ", "Y": "ΥҮ", "Z": "Ζ",
}
_LEET = {"a": "4@", "e": "3", "i": "1!", "l": "1|", "o": "0", "s": "5$", "t": "7", "g": "9", "b": "8"}
_ODD_SPACES = ("\u00a0", "\u2009", "\u202f", "\u3000", "  ", "\n", "\u2002")
_BIDI_WRAPS = (("\u200e", "\u200e"), ("\u200f", "\u200f"), ("\u2067", "\u2069"), ("\u2066", "\u2069"),
               ("\u202b", "\u202c"), ("\u202a", "\u202c"), ("\u2068", "\u2069"))
_ALL_DIGIT_SETS = ("0123456789",) + tuple(_DIGIT_SETS.values())
_GRAPHEME_RE = regex.compile(r"\X")


def _is_latin_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _digit_value(ch: str) -> int | None:
    return unicodedata.digit(ch, None) if unicodedata.category(ch) == "Nd" else None


def can_disguise(phrase: str, kind: str) -> bool:
    """Whether ``kind`` can visibly change ``phrase`` (homoglyphs need Latin letters, mixed digits need digits...)."""
    if kind not in DISGUISES:
        raise ValueError(f"unknown disguise {kind!r}; choose from {DISGUISES}")
    if kind in ("homoglyph",):
        return any(_is_latin_letter(c) for c in phrase)
    if kind == "leet":
        return any(c.lower() in _LEET for c in phrase if c.isascii())
    if kind == "mixed_digits":
        return sum(_digit_value(c) is not None for c in phrase) >= 1
    if kind == "casing":
        return sum(c.lower() != c.upper() for c in phrase) >= 2
    if kind in ("zero_width", "odd_spacing"):
        return len(_GRAPHEME_RE.findall(phrase)) >= 2
    return bool(phrase)


def _grapheme_cuts(text: str) -> list[int]:
    """Offsets strictly inside ``text`` where a character may be inserted without breaking a cluster."""
    cuts = [m.start() for m in _GRAPHEME_RE.finditer(text) if m.start() > 0]
    return [p for p in cuts if _splittable(text, p)]


def disguise(phrase: str, kind: str, rng: random.Random) -> str:
    """Obfuscate ``phrase`` the way spammers dodge keyword filters; the result still reads as the phrase.

    Raises ``ValueError`` for an unknown kind or one that cannot change this phrase (see :func:`can_disguise`).
    """
    if not can_disguise(phrase, kind):
        raise ValueError(f"disguise {kind!r} cannot change {phrase!r}")
    if kind == "zero_width":
        cuts = _grapheme_cuts(phrase) or [len(phrase) // 2]
        chosen = sorted(rng.sample(cuts, min(len(cuts), rng.randint(1, 3))), reverse=True)
        for cut in chosen:
            phrase = phrase[:cut] + rng.choice(_ZERO_WIDTH) + phrase[cut:]
        return phrase
    if kind == "homoglyph":
        mode = rng.random()
        if mode < 0.5:
            positions = [i for i, c in enumerate(phrase) if c in _LOOKALIKES]
            if positions:
                chars = list(phrase)
                for i in rng.sample(positions, max(1, len(positions) // rng.choice((1, 2, 3)))):
                    chars[i] = rng.choice(_LOOKALIKES[chars[i]])
                return "".join(chars)
        if mode < 0.75:  # fullwidth Latin
            return "".join(chr(ord(c) + 0xFEE0) if _is_latin_letter(c) or c.isdigit() and c.isascii() else c
                           for c in phrase)
        bold = rng.random() < 0.5  # mathematical bold (U+1D400) or bold italic (U+1D468)
        upper_base, lower_base = (0x1D400, 0x1D41A) if bold else (0x1D468, 0x1D482)
        return "".join(chr(upper_base + ord(c) - 65) if "A" <= c <= "Z" else
                       chr(lower_base + ord(c) - 97) if "a" <= c <= "z" else c for c in phrase)
    if kind == "mixed_digits":
        chars = list(phrase)
        positions = [i for i, c in enumerate(chars) if _digit_value(c) is not None]
        count = max(1, len(positions) - 1) if len(positions) > 1 else 1
        for i in rng.sample(positions, rng.randint(1, count)):
            current = next(s for s in _ALL_DIGIT_SETS if chars[i] in s)
            target = rng.choice([s for s in _ALL_DIGIT_SETS if s != current])
            chars[i] = target[_digit_value(chars[i])]
        return "".join(chars)
    if kind == "odd_spacing":
        spaces = [i for i, c in enumerate(phrase) if c == " "]
        if spaces:
            chars = list(phrase)
            for i in rng.sample(spaces, rng.randint(1, len(spaces))):
                chars[i] = rng.choice(_ODD_SPACES)
            return "".join(chars)
        cuts = _grapheme_cuts(phrase) or [len(phrase) // 2]
        cut = rng.choice(cuts)
        return phrase[:cut] + rng.choice(_ODD_SPACES[:4]) + phrase[cut:]
    if kind == "casing":
        chars = list(phrase)
        cased = [i for i, c in enumerate(chars) if c.lower() != c.upper()]
        for k, i in enumerate(cased):
            chars[i] = chars[i].upper() if (k % 2 == 1) else chars[i].lower()
        result = "".join(chars)
        return result if result != phrase else "".join(c.swapcase() for c in phrase)
    if kind == "leet":
        chars = list(phrase)
        positions = [i for i, c in enumerate(chars) if c.isascii() and c.lower() in _LEET]
        for i in rng.sample(positions, max(1, len(positions) // rng.choice((1, 2, 3)))):
            chars[i] = rng.choice(_LEET[chars[i].lower()])
        return "".join(chars)
    if kind == "bidi":
        left, right = rng.choice(_BIDI_WRAPS)
        if " " in phrase and rng.random() < 0.3:
            phrase = phrase.replace(" ", f" {left}", 1)
        return f"{left}{phrase}{right}"
    # html_entity: numeric entities, &nbsp; for spaces, an escaped ampersand, or BBCode/HTML emphasis around it
    mode = rng.random()
    if mode < 0.5 or (mode < 0.8 and " " not in phrase):
        positions = [i for i, c in enumerate(phrase) if not c.isspace()]
        chars = list(phrase)
        for i in rng.sample(positions, max(1, len(positions) // rng.choice((2, 3, 4)))):
            chars[i] = f"&#{ord(chars[i])};" if rng.random() < 0.6 else f"&#x{ord(chars[i]):x};"
        return "".join(chars)
    if mode < 0.7:
        return phrase.replace(" ", rng.choice(("&nbsp;", "&#32;", "&#160;")))
    if mode < 0.8:
        return phrase.replace(" ", " &amp; ", 1)
    left, right = rng.choice((("[b]", "[/b]"), ("[i]", "[/i]"), ("<b>", "</b>"), ("<span>", "</span>"),
                              ("<strong>", "</strong>"), ("[color=red]", "[/color]")))
    return f"{left}{phrase}{right}"


# --------------------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------------------

STYLES: tuple[str, ...] = ("between_words", "inside_word", "sentence_start", "own_line", "replace_word",
                           "link_anchor", "cut_at_end")
KINDS: tuple[str, ...] = ("spam", "clean", "hard_negative")


@dataclass(frozen=True)
class GoldSpan:
    """One inserted stretch: offsets into ``SynthDoc.text`` (end-exclusive) plus where it came from."""

    start: int
    end: int
    text: str
    family: str
    template: str
    phrase_lang: str
    style: str
    disguise: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end or self.end - self.start != len(self.text):
            raise ValueError(f"invalid gold span offsets {self.start}:{self.end} for text {self.text!r}")

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "family": self.family,
                "template": self.template, "phrase_lang": self.phrase_lang, "style": self.style,
                "disguise": self.disguise}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "GoldSpan":
        return cls(int(data["start"]), int(data["end"]), str(data["text"]), str(data["family"]),
                   str(data["template"]), str(data["phrase_lang"]), str(data["style"]), str(data.get("disguise", "")))


@dataclass(frozen=True)
class SynthDoc:
    """A host text with its gold insertions.

    ``ignore`` lists (start, end) regions of text-spinner noise: not spam, but a detector should not be
    punished for flagging them (``evaluate`` drops predictions that fall there and touch no gold span).
    """

    id: str
    host_lang: str
    source_id: str
    text: str
    spans: tuple[GoldSpan, ...]
    kind: str
    ignore: tuple[tuple[int, int], ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"doc {self.id}: kind must be one of {KINDS}, not {self.kind!r}")
        if (self.kind == "spam") != bool(self.spans):
            raise ValueError(f"doc {self.id}: a {self.kind} document cannot have {len(self.spans)} gold spans")
        previous_end = -1
        for span in self.spans:
            if span.start < previous_end:
                raise ValueError(f"doc {self.id}: gold spans overlap or are out of order at {span.start}")
            if self.text[span.start:span.end] != span.text:
                raise ValueError(f"doc {self.id}: text[{span.start}:{span.end}] != {span.text!r}")
            previous_end = span.end
        for start, end in self.ignore:
            if not 0 <= start < end <= len(self.text):
                raise ValueError(f"doc {self.id}: invalid ignore region {start}:{end}")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "host_lang": self.host_lang, "source_id": self.source_id, "kind": self.kind,
                "text": self.text, "spans": [s.to_dict() for s in self.spans],
                "ignore": [list(r) for r in self.ignore]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "SynthDoc":
        return cls(str(data["id"]), str(data["host_lang"]), str(data["source_id"]), str(data["text"]),
                   tuple(GoldSpan.from_dict(s) for s in data.get("spans", ())), str(data["kind"]),
                   tuple((int(s), int(e)) for s, e in data.get("ignore", ())))


def write_jsonl(docs: Iterable[SynthDoc], path: str | Path) -> int:
    """Write one JSON object per line (``.gz`` compresses); returns the number of documents written."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    count = 0
    with opener(path, "wt", encoding="utf-8") as handle:
        for doc in docs:
            handle.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
            count += 1
    return count


def read_jsonl(path: str | Path) -> list[SynthDoc]:
    """Read documents written by :func:`write_jsonl`; a bad line raises ``ValueError`` naming it."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    docs: list[SynthDoc] = []
    with opener(path, "rt", encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                docs.append(SynthDoc.from_dict(json.loads(line)))
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{lineno}: not a SynthDoc ({exc})") from None
    return docs


def load_corpus(root: str | Path, split: str | None = None, langs: Iterable[str] | None = None, *,
                limit_per_file: int | None = None) -> list[dict]:
    """Read every ``<root>/<lang>/*.jsonl`` host record (id, lang, text, split, ...), in a stable order.

    ``split`` keeps records whose ``split`` field matches; ``langs`` keeps records of those languages (folders
    named after other languages are not read); ``limit_per_file`` stops early in each file (quick tests).
    """
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"corpus root {root} not found (expected <root>/<lang>/*.jsonl)")
    files = sorted(root.glob("*/*.jsonl"))
    if not files:
        raise FileNotFoundError(f"no <lang>/*.jsonl files under {root}")
    wanted = frozenset(langs) if langs is not None else None
    records: list[dict] = []
    for file in files:
        if wanted is not None and file.parent.name not in wanted:
            continue
        kept = 0
        with file.open(encoding="utf-8") as handle:
            for lineno, line in enumerate(handle, 1):
                if limit_per_file is not None and kept >= limit_per_file:
                    break
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{file}:{lineno}: malformed JSON ({exc.msg})") from None
                if not isinstance(record, dict) or not isinstance(record.get("text"), str) \
                        or not record.get("lang") or record.get("id") is None:
                    raise ValueError(f"{file}:{lineno}: a host record needs id, lang and text")
                if split is not None and record.get("split") != split:
                    continue
                if wanted is not None and record["lang"] not in wanted:
                    continue
                records.append(record)
                kept += 1
    return records


# --------------------------------------------------------------------------------------------------------
# Where a phrase can go in a host
# --------------------------------------------------------------------------------------------------------

_SPACELESS = frozenset({"zh", "zh-Hant", "ja", "th"})
_CJK = frozenset({"zh", "zh-Hant", "ja"})
_INDIC = frozenset({"hi", "ne", "mr", "bn", "gu", "pa", "ta"})
_CHAT = frozenset({"hi-en", "mr-en"})
_WORD_RE = regex.compile(r"[\p{L}\p{M}\p{N}\u200c\u200d]+")
_SENTENCE_END_RE = regex.compile(r"[.!?।॥۔؟。！？]+[\"'”’»)\]」』]*")
_CLAUSE_PUNCT_RE = regex.compile(r"[，、；：]")
_GAP_SEPARATORS = frozenset({" ", ", ", "; ", ": ", "، ", " - ", " – "})
_OPENERS = "\"'“‘«(「『["
_LEADING_VOWELS = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44\u0ec0\u0ec1\u0ec2\u0ec3\u0ec4")


def _splittable(text: str, pos: int) -> bool:
    """A cut at ``pos`` keeps every base with its combining marks, virama clusters and Thai leading vowels."""
    if pos <= 0 or pos >= len(text):
        return False
    before, after = text[pos - 1], text[pos]
    if unicodedata.category(after).startswith("M") or after in "\u200c\u200d":
        return False
    return not (unicodedata.combining(before) == 9 or before in "\u200c\u200d" or before in _LEADING_VOWELS)


def _inner_cuts(text: str, start: int, end: int) -> list[int]:
    cuts = [m.start() for m in _GRAPHEME_RE.finditer(text, start, end) if m.start() > start]
    return [p for p in cuts if _splittable(text, p)]


class _Host:
    """Word, gap, sentence and line positions of one host text (original offsets)."""

    def __init__(self, text: str, lang: str) -> None:
        self.text, self.lang = text, lang
        self.spaceless = lang in _SPACELESS
        n = len(text)
        self.words = [(m.start(), m.end()) for m in _WORD_RE.finditer(text)]
        self.gaps = [b0 for (_, a1), (b0, _) in zip(self.words, self.words[1:]) if text[a1:b0] in _GAP_SEPARATORS]
        boundaries: list[tuple[int, int]] = []
        for match in _SENTENCE_END_RE.finditer(text):
            end = nxt = match.end()
            while nxt < n and text[nxt] in " \t\u00a0":
                nxt += 1
            if nxt >= n or text[nxt] == "\n" or (nxt == end and lang not in _CJK):
                continue
            if _WORD_RE.match(text, nxt) or text[nxt] in _OPENERS:
                boundaries.append((end, nxt))
        if lang == "th":  # Thai separates sentences and clauses with a space
            boundaries += [(a1, b0) for (_, a1), (b0, _) in zip(self.words, self.words[1:]) if text[a1:b0] == " "]
        self.boundaries = sorted(set(boundaries))
        self.newlines = [i for i, c in enumerate(text) if c == "\n"]
        starts = {0} | {nxt for _, nxt in self.boundaries}
        starts |= {i + 1 for i in self.newlines if i + 1 < n and not text[i + 1].isspace()}
        self.sentence_starts = sorted(starts)
        self.clause_starts = [m.end() for m in _CLAUSE_PUNCT_RE.finditer(text) if m.end() < n]
        # just before a sentence's final mark ("... reasons for churn Norway telegram data.")
        self.before_stops = [m.start() for m in _SENTENCE_END_RE.finditer(text)
                             if m.start() > 0 and _WORD_RE.match(text, m.start() - 1)]


@dataclass(frozen=True)
class _Tag:
    family: str
    template: str
    phrase_lang: str
    style: str
    disguise: str


_IGNORE = "ignore"
Piece = tuple[str, Any]  # (text, None | _Tag | "ignore")


class _Plan:
    """Edits on the original host: (start, end, pieces); they never touch each other."""

    def __init__(self) -> None:
        self.edits: list[tuple[int, int, list[Piece]]] = []

    def free(self, start: int, end: int) -> bool:
        return all(end < s or start > e for s, e, _ in self.edits)

    def last_end(self) -> int:
        return max((e for _, e, _ in self.edits), default=-1)

    def try_add(self, candidates: Sequence[tuple[int, int]], make: Any, rng: random.Random) -> bool:
        order = list(candidates)
        rng.shuffle(order)
        for start, end in order[:40]:
            if self.free(start, end):
                self.edits.append((start, end, make(start, end)))
                return True
        return False

    def render(self, host: str) -> tuple[str, list[GoldSpan], list[tuple[int, int]]]:
        out: list[str] = []
        spans: list[GoldSpan] = []
        ignore: list[tuple[int, int]] = []
        pos = length = 0
        for start, end, pieces in sorted(self.edits, key=lambda e: (e[0], e[1])):
            out.append(host[pos:start])
            length += start - pos
            for piece, tag in pieces:
                if isinstance(tag, _Tag):
                    spans.append(GoldSpan(length, length + len(piece), piece, tag.family, tag.template,
                                          tag.phrase_lang, tag.style, tag.disguise))
                elif tag == _IGNORE:
                    ignore.append((length, length + len(piece)))
                out.append(piece)
                length += len(piece)
            pos = end
        out.append(host[pos:])
        return "".join(out), spans, ignore


# --------------------------------------------------------------------------------------------------------
# The injector
# --------------------------------------------------------------------------------------------------------

FAMILY_WEIGHTS: dict[str, float] = {
    "data": 0.55, "site_name": 0.06, "post_title": 0.06, "backlink": 0.05, "gambling": 0.05, "url": 0.04,
    "crypto": 0.03, "loans": 0.03, "followers": 0.03, "markup": 0.02, "replica": 0.02, "pharma": 0.02,
    "adult": 0.02, "seo": 0.02,
}
_INSERTION_COUNTS = ((1, 0.70), (2, 0.18), (3, 0.07), (4, 0.03), (5, 0.02))  # mean ~1.5
# Phrase languages that real pages pair with a host language (beyond "same" and "English").
_RELATED_LANGS: dict[str, tuple[str, ...]] = {
    "hi": ("ne", "ne", "mr", "ur", "hi-en"), "ne": ("hi", "hi-en"), "mr": ("hi", "mr-en"), "bn": ("hi", "en"),
    "ur": ("ar", "fa", "hi", "ps"), "ta": ("hi", "en"), "gu": ("hi", "mr"), "pa": ("hi", "ur"),
    "hi-en": ("hi", "en"), "mr-en": ("mr", "hi-en"), "en": ("bn", "hi", "es", "zh", "fr", "de"),
    "zh": ("zh-Hant", "ja", "en"), "zh-Hant": ("zh", "ja"), "ja": ("zh", "ko"), "ko": ("ja", "zh"),
    "ru": ("uk", "uk", "en"), "ar": ("ps", "ps", "fa", "ur"), "fa": ("ar", "ps", "ur"), "vi": ("zh", "th"),
    "th": ("vi", "zh"), "id": ("ms", "ms", "en"), "es": ("pt", "en"), "pt": ("es", "en"),
}
_STYLE_WEIGHTS: dict[str, dict[str, float]] = {
    "cjk": {"inside_word": .38, "between_words": .14, "sentence_start": .10, "own_line": .10, "replace_word": .08,
            "link_anchor": .12, "cut_at_end": .08},
    "thai": {"inside_word": .28, "between_words": .18, "sentence_start": .10, "own_line": .10, "replace_word": .10,
             "link_anchor": .14, "cut_at_end": .10},
    "indic": {"between_words": .30, "inside_word": .16, "sentence_start": .10, "own_line": .10, "replace_word": .10,
              "link_anchor": .12, "cut_at_end": .12},
    "chat": {"between_words": .40, "inside_word": .06, "sentence_start": .14, "own_line": .08, "replace_word": .14,
             "link_anchor": .08, "cut_at_end": .10},
    "other": {"between_words": .34, "inside_word": .06, "sentence_start": .12, "own_line": .12, "replace_word": .12,
              "link_anchor": .14, "cut_at_end": .10},
}
_FAMILY_STYLE_FACTORS: dict[str, dict[str, float]] = {
    "post_title": {"link_anchor": 4.0}, "site_name": {"link_anchor": 3.0}, "backlink": {"link_anchor": 2.0},
    "url": {"link_anchor": 1.5, "inside_word": 0.2, "replace_word": 0.5},
    "markup": {"link_anchor": 3.0, "inside_word": 0.2}, "adult": {"own_line": 3.0},
}
_FALLBACK_STYLES = ("between_words", "sentence_start", "own_line")


def _weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _style_group(lang: str) -> str:
    if lang in _CJK:
        return "cjk"
    if lang == "th":
        return "thai"
    if lang in _INDIC:
        return "indic"
    return "chat" if lang in _CHAT else "other"


def _wrap_link(phrase: str, rng: random.Random) -> str:
    url = _url(rng)
    roll = rng.random()
    if roll < 0.45:
        return f"[url={url}]{phrase}[/url]"
    if roll < 0.55:
        return f"[url]{phrase}[/url]"
    if roll < 0.85:
        return f'<a href="{url}">{phrase}</a>'
    return f"[{phrase}]({url})"


def _add_debris(phrase: str, rng: random.Random) -> str:
    """A stray tag left by a botched link: part of the insertion, so part of the span."""
    if rng.random() < 0.6:
        return phrase + rng.choice(("[/url]", " [/url]", "</a>", "[/URL]"))
    return rng.choice(("[url]", "[url] ", "<a>")) + phrase


def _truncate(phrase: str, rng: random.Random) -> str:
    """The insertion as an excerpt ends it: cut mid-word, at least two characters kept."""
    cuts = [k for k in range(max(2, len(phrase) // 3), len(phrase))
            if not phrase[k - 1].isspace() and not phrase[k].isspace()]
    if cuts:
        return phrase[:rng.choice(cuts)]
    trimmed = phrase.strip()
    shorter = trimmed[:-1].rstrip()
    return shorter if len(shorter) >= 2 else trimmed


def _record_fields(record: Any) -> tuple[str, str, str]:
    if not isinstance(record, Mapping):
        raise ValueError(f"a host record must be a mapping with id, lang and text, not {type(record).__name__}")
    rid, lang, text = record.get("id"), record.get("lang"), record.get("text")
    if rid is None or not isinstance(lang, str) or not lang:
        raise ValueError(f"host record {rid!r}: needs an id and a lang")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"host record {rid!r}: 'text' must be a non-empty string")
    return str(rid), lang, text


class Injector:
    """Splice phrases of ``templates`` into host records, or keep them clean, or add legitimate look-alikes.

    Parameters
    ----------
    templates : the phrase bank to draw from (e.g. the train side of :func:`split_templates`).
    seed : documents are a function of (seed, record id) only, so any order or sharding gives the same data.
    spam_fraction : probability that a document receives insertions.
    max_insertions : cap on insertions per spam document (1-5 drawn, mostly 1; mean about 1.5).
    hard_negative_fraction : share of the *non-spam* documents that get legitimate sentences added.
    disguise_rate : probability that one insertion is obfuscated with one of ``disguises``.
    """

    def __init__(self, templates: Sequence[Template], *, seed: int = 0, spam_fraction: float = 0.5,
                 max_insertions: int = 5, hard_negative_fraction: float = 0.25, disguise_rate: float = 0.0,
                 disguises: Sequence[str] = DISGUISES) -> None:
        for name, value in (("spam_fraction", spam_fraction), ("hard_negative_fraction", hard_negative_fraction),
                            ("disguise_rate", disguise_rate)):
            if not 0.0 <= float(value) <= 1.0:
                raise ValueError(f"{name} must be within [0, 1], got {value!r}")
        if not isinstance(max_insertions, int) or max_insertions < 1:
            raise ValueError(f"max_insertions must be an integer >= 1, got {max_insertions!r}")
        unknown = [d for d in disguises if d not in DISGUISES]
        if unknown:
            raise ValueError(f"unknown disguises {unknown}; choose from {DISGUISES}")
        self.templates = tuple(templates)
        if spam_fraction > 0 and not self.templates:
            raise ValueError("spam_fraction > 0 needs at least one template")
        self.seed = seed
        self.spam_fraction = float(spam_fraction)
        self.max_insertions = max_insertions
        self.hard_negative_fraction = float(hard_negative_fraction)
        self.disguise_rate = float(disguise_rate)
        self.disguises = tuple(disguises)
        self._index: dict[str, dict[str, list[Template]]] = {}
        for template in self.templates:
            self._index.setdefault(template.family, {}).setdefault(template.lang, []).append(template)
        self._family_weights = {f: FAMILY_WEIGHTS.get(f, 0.02) for f in self._index}
        counts = [(k, w) for k, w in _INSERTION_COUNTS if k <= max_insertions]
        self._counts = [k for k, _ in counts]
        self._count_weights = [w for _, w in counts]

    # -- public -------------------------------------------------------------------------------------------

    def generate(self, records: Iterable[Mapping[str, Any]]) -> Iterator[SynthDoc]:
        """One document per record, in order; deterministic for a seed."""
        for record in records:
            yield self.make_doc(record)

    def make_doc(self, record: Mapping[str, Any]) -> SynthDoc:
        """A spam, clean or hard-negative document built from one host record (id, lang, text)."""
        rid, lang, text = _record_fields(record)
        rng = random.Random(f"{self.seed}|{rid}")
        disguise_rng = random.Random(f"{self.seed}|{rid}|disguise")
        host = _Host(text, lang)
        plan = _Plan()
        if rng.random() < self.spam_fraction:
            kind = "spam"
            self._add_spam(plan, host, rng, disguise_rng)
            if rng.random() < 0.3:  # real spam pages are on the keyword's topic: legit topic words too
                self._add_negatives(plan, host, rng, rng.randint(1, 2))
            if rng.random() < 0.15:  # forum pages carry their furniture around the insertions
                self._place_negative(plan, host, "forum", rng)
        elif rng.random() < self.hard_negative_fraction:
            kind = "hard_negative"
            self._add_negatives(plan, host, rng, 1 + (rng.random() < 0.4) + (rng.random() < 0.15))
        else:
            kind = "clean"
        new_text, spans, ignore = plan.render(text)
        return SynthDoc(id=f"{rid}#s{self.seed}", host_lang=lang, source_id=rid, text=new_text, spans=tuple(spans),
                        kind=kind, ignore=tuple(ignore))

    # -- phrase choice ------------------------------------------------------------------------------------

    def _choose_family(self, rng: random.Random) -> str:
        return _weighted(rng, self._family_weights)

    def _choose_lang(self, family: str, host_lang: str, rng: random.Random) -> str:
        langs = sorted(self._index[family])
        if host_lang in langs and rng.random() < 0.5:
            return host_lang
        roll = rng.random()
        if roll < 0.4 and "en" in langs and host_lang != "en":
            return "en"
        related = [lang for lang in _RELATED_LANGS.get(host_lang, ()) if lang in langs]
        if roll < 0.65 and related:
            return rng.choice(related)
        others = [lang for lang in langs if lang != host_lang] or langs
        return rng.choice(others)

    def _choose_template(self, family: str, host_lang: str, rng: random.Random,
                         prefer_lang: str | None = None) -> Template:
        by_lang = self._index[family]
        host_derived = [t for t in by_lang.get("und", ()) if "host_words" in t.slots]
        if host_derived and rng.random() < 0.5:
            return rng.choice(host_derived)
        if prefer_lang in by_lang and rng.random() < 0.7:
            lang = prefer_lang
        else:
            lang = self._choose_lang(family, host_lang, rng)
        return rng.choice(by_lang[lang])

    def _phrases(self, host: _Host, rng: random.Random) -> list[tuple[Template, str, bool]]:
        """(template, phrase, is_repeat) for each insertion of one document."""
        count = rng.choices(self._counts, weights=self._count_weights)[0]
        family = self._choose_family(rng)
        first = self._choose_template(family, host.lang, rng)
        chosen = [(first, expand(first, rng, host_text=host.text), False)]
        for _ in range(count - 1):
            roll = rng.random()
            if roll < 0.3:
                chosen.append((chosen[0][0], chosen[0][1], True))
                continue
            if roll < 0.65:
                template = self._choose_template(family, host.lang, rng, prefer_lang=first.lang)
            else:
                template = self._choose_template(self._choose_family(rng), host.lang, rng)
            chosen.append((template, expand(template, rng, host_text=host.text), False))
        return chosen

    def _choose_style(self, family: str, lang: str, rng: random.Random) -> str:
        weights = dict(_STYLE_WEIGHTS[_style_group(lang)])
        for style, factor in _FAMILY_STYLE_FACTORS.get(family, {}).items():
            weights[style] *= factor
        return _weighted(rng, weights)

    # -- spam placement -----------------------------------------------------------------------------------

    def _add_spam(self, plan: _Plan, host: _Host, rng: random.Random, disguise_rng: random.Random) -> None:
        phrases = self._phrases(host, rng)
        styles: list[str] = []
        for template, _, repeat in phrases:
            if repeat and rng.random() < 0.6:
                styles.append(styles[0])
            else:
                styles.append(self._choose_style(template.family, host.lang, rng))
        # an excerpt can end only once: at most one cut, and it goes last
        cut_seen = False
        for i, style in enumerate(styles):
            if style == "cut_at_end":
                styles[i] = "between_words" if cut_seen else style
                cut_seen = True
        order = sorted(range(len(phrases)), key=lambda i: styles[i] == "cut_at_end")
        for i in order:
            template, phrase, _ = phrases[i]
            self._insert(plan, host, template, phrase, styles[i], rng, disguise_rng)

    def _insert(self, plan: _Plan, host: _Host, template: Template, phrase: str, style: str,
                rng: random.Random, disguise_rng: random.Random) -> None:
        kind = ""
        if self.disguise_rate and disguise_rng.random() < self.disguise_rate:
            kinds = [k for k in self.disguises if can_disguise(phrase, k)]
            if kinds:
                kind = disguise_rng.choice(kinds)
                phrase = disguise(phrase, kind, disguise_rng)
        if style == "link_anchor" and template.family != "markup" and rng.random() < 0.45:
            phrase = _wrap_link(phrase, rng)
        elif template.family not in ("markup", "url") and rng.random() < 0.05:
            phrase = _add_debris(phrase, rng)
        phrase_lang = host.lang if "host_words" in template.slots else template.lang
        for attempt in (style,) + tuple(s for s in _FALLBACK_STYLES if s != style):
            tag = _Tag(template.family, template.id, phrase_lang, attempt, kind)
            if self._place(plan, host, attempt, phrase, tag, rng):
                return
        # every position is taken: a line of its own at the very start or end is always possible once
        tag = _Tag(template.family, template.id, phrase_lang, "own_line", kind)
        if plan.free(0, 0):
            plan.edits.append((0, 0, [(phrase, tag), ("\n", None)]))
        elif plan.free(len(host.text), len(host.text)):
            plan.edits.append((len(host.text), len(host.text), [("\n", None), (phrase, tag)]))

    def _place(self, plan: _Plan, host: _Host, style: str, phrase: str, tag: _Tag, rng: random.Random) -> bool:
        text, n = host.text, len(host.text)
        span: Piece = (phrase, tag)
        space: Piece = (" ", None)

        def spaced_or_glued(_s: int, _e: int) -> list[Piece]:
            return [span] if rng.random() < 0.35 else [space, span, space]

        if style in ("between_words", "link_anchor"):
            if host.before_stops and rng.random() < 0.15:
                if plan.try_add([(p, p) for p in host.before_stops],
                                lambda s, e: spaced_or_glued(s, e)[:2] if host.spaceless else [space, span], rng):
                    return True
            if host.spaceless:
                clause = set(host.clause_starts)
                positions = host.clause_starts + (host.gaps if host.lang == "th" else [])
                if positions:  # after a clause mark, spaced or glued; at a Thai space, before the next word
                    return plan.try_add([(p, p) for p in positions],
                                        lambda s, e: spaced_or_glued(s, e) if s in clause else [span, space], rng)
                return self._place(plan, host, "inside_word", phrase, tag, rng)
            return plan.try_add([(p, p) for p in host.gaps], lambda s, e: [span, space], rng)
        if style == "inside_word":
            words = [w for w in host.words if w[1] - w[0] >= 2 and any(c.isalpha() for c in text[w[0]:w[1]])]
            rng.shuffle(words)
            for start, end in words[:12]:
                cuts = [p for p in _inner_cuts(text, start, end) if plan.free(p, p)]
                if cuts:
                    cut = rng.choice(cuts)
                    glued = host.spaceless and rng.random() < 0.35
                    plan.edits.append((cut, cut, [span] if glued else [space, span, space]))
                    return True
            return False
        if style == "sentence_start":
            glue = host.spaceless and rng.random() < 0.5
            return plan.try_add([(p, p) for p in host.sentence_starts],
                                lambda s, e: [span] if glue else [span, space], rng)
        if style == "own_line":  # a caption line; sometimes set off by blank lines (one holding an NBSP)
            newline: Piece = (rng.choices(("\n", "\n\n", "\n\u00a0\n"), weights=(0.7, 0.2, 0.1))[0], None)
            options: dict[tuple[int, int], list[Piece]] = {(0, 0): [span, newline], (n, n): [newline, span]}
            for i in host.newlines:
                if i + 1 < n:
                    options[(i + 1, i + 1)] = [span, newline]
            for end, nxt in host.boundaries:
                options[(end, nxt)] = [newline, span, newline]
            return plan.try_add(list(options), lambda s, e: options[(s, e)], rng)
        if style == "replace_word":
            if host.spaceless:
                runs = [w for w in host.words if w[1] - w[0] >= 4]
                candidates = []
                for start, end in rng.sample(runs, min(len(runs), 6)):
                    cuts = [start] + _inner_cuts(text, start, end) + [end]
                    k = rng.randrange(len(cuts) - 1)
                    candidates.append((cuts[k], cuts[min(len(cuts) - 1, k + rng.randint(1, 3))]))
                return plan.try_add(candidates, spaced_or_glued, rng)
            pairs = []
            for i, (start, end) in enumerate(host.words[1:], 1):
                if i + 1 < len(host.words) and rng.random() < 0.4 and text[end:host.words[i + 1][0]] == " ":
                    end = host.words[i + 1][1]
                pairs.append((start, end))
            return plan.try_add(pairs, lambda s, e: [span], rng)
        if style == "cut_at_end":
            floor = max(plan.last_end() + 2, int(n * 0.4))
            fragment: Piece = (_truncate(phrase, rng), tag)
            if host.spaceless:
                runs = [w for w in host.words if w[1] > floor]
                positions = [p for start, end in runs[-6:] for p in _inner_cuts(text, start, end) if p >= floor]
                positions += [p for p in host.clause_starts + host.gaps if p >= floor]
                glue = rng.random() < 0.5
                return plan.try_add([(p, n) for p in positions],
                                    lambda s, e: [fragment] if glue else [space, fragment], rng)
            return plan.try_add([(p, n) for p in host.gaps if p >= floor], lambda s, e: [fragment], rng)
        raise ValueError(f"unknown style {style!r}")

    # -- negatives ----------------------------------------------------------------------------------------

    def _add_negatives(self, plan: _Plan, host: _Host, rng: random.Random, count: int) -> None:
        weights = {"sentence": 0.5, "forum": 0.18, "heading": 0.07, "spinner": 0.15,
                   "gloss": 0.1 if host.lang in _PARENTHETICAL_HOSTS else 0.0}
        placed = 0
        for _ in range(count):
            placed += self._place_negative(plan, host, _weighted(rng, weights), rng)
        if not placed:  # a hard negative must differ from its host
            line = _forum_line(host.lang, rng)
            if plan.free(0, 0):
                plan.edits.append((0, 0, [(line, None), ("\n", None)]))

    def _negative_sentence(self, host: _Host, rng: random.Random) -> str:
        # In the host's own language: a legitimate sentence in another language is hard to tell from an
        # insertion even for a person, so it would teach the detector to miss real cross-language spam.
        bank = NEGATIVE_SENTENCES.get(host.lang) or NEGATIVE_SENTENCES["en"]
        return rng.choice(bank)

    def _place_negative(self, plan: _Plan, host: _Host, kind: str, rng: random.Random) -> bool:
        text, n = host.text, len(host.text)
        newline: Piece = ("\n", None)
        if kind == "sentence":
            sentence = self._negative_sentence(host, rng)
            glue = host.spaceless and host.lang != "th" and not sentence[:1].isascii()
            sep: Piece = ("" if glue else " ", None)
            options: dict[tuple[int, int], list[Piece]] = {
                (0, 0): [(sentence, None), sep if sep[0] else ("", None)], (n, n): [sep, (sentence, None)]}
            for end, _ in host.boundaries:
                options[(end, end)] = [sep, (sentence, None)]
            for i in host.newlines:
                options[(i, i)] = [newline, (sentence, None)]
            return plan.try_add(list(options), lambda s, e: options[(s, e)], rng)
        if kind in ("forum", "heading"):
            if kind == "forum":
                line = _forum_line(host.lang, rng)
            else:
                line = rng.choice(NEGATIVE_HEADINGS.get(host.lang, NEGATIVE_HEADINGS["en"]))
            options = {(0, 0): [(line, None), newline], (n, n): [newline, (line, None)]}
            for i in host.newlines:
                if i + 1 < n:
                    options[(i + 1, i + 1)] = [(line, None), newline]
            return plan.try_add(list(options), lambda s, e: options[(s, e)], rng)
        if kind == "gloss":
            gloss = rng.choice(PARENTHETICAL_GLOSSES)
            ends = [e for (_, e), (s2, _) in zip(host.words, host.words[1:]) if text[e:s2] == " "]
            return plan.try_add([(e, e) for e in ends], lambda s, e: [(" " + gloss, None)], rng)
        # spinner noise: a stray connective or citation chip, or a line wrap inside a word
        if not host.spaceless and rng.random() < 0.3:
            words = [w for w in host.words if w[1] - w[0] >= 4]
            cuts = [p for start, end in rng.sample(words, min(len(words), 6)) for p in _inner_cuts(text, start, end)]
            return plan.try_add([(p, p) for p in cuts], lambda s, e: [("\n", _IGNORE)], rng)
        noise = rng.choice(SPINNER_NOISE.get(host.lang, SPINNER_NOISE["en"]))
        if host.spaceless:
            positions = host.clause_starts + host.sentence_starts[1:]
            return plan.try_add([(p, p) for p in positions], lambda s, e: [(noise, _IGNORE)], rng)
        return plan.try_add([(p, p) for p in host.gaps], lambda s, e: [(noise, _IGNORE), (" ", None)], rng)
