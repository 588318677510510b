<?xml version="1.0" encoding="windows-1251"?>
<rss version="2.0">
<channel>
<title>Интерфакс</title>
<link>https://www.interfax.ru/</link>
<description>Новости Интерфакс</description>
<language>ru</language>
<item>
<title>В Тверской области построят три моста через Волгу к 2027 году</title>
<link>https://www.interfax.ru/russia/952101</link>
<guid>https://www.interfax.ru/russia/952101</guid>
<pubDate>Wed, 27 Mar 2024 11:20:00 +0300</pubDate>
<category>В России</category>
<description>Три новых моста через Волгу построят в Тверской области до конца 2027 года, сообщил губернатор региона на заседании областного правительства в среду.</description>
</item>
<item>
<title>Авиакомпании увеличат число рейсов в Калининград в летнем сезоне</title>
<link>https://www.interfax.ru/business/952102</link>
<guid>https://www.interfax.ru/business/952102</guid>
<pubDate>Wed, 27 Mar 2024 13:05:00 +0300</pubDate>
<category>Экономика</category>
<description>Российские авиакомпании в летнем сезоне увеличат число рейсов в Калининград почти на четверть по сравнению с прошлым годом, сообщили "Интерфаксу" в Росавиации.</description>
</item>
<item>
<title>Мариинский театр покажет летом новую постановку оперы "Садко"</title>
<link>https://www.interfax.ru/culture/952104</link>
<guid>https://www.interfax.ru/culture/952104</guid>
<pubDate>Tue, 26 Mar 2024 17:30:00 +0300</pubDate>
<category>Культура</category>
<description>Мариинский театр представит новую постановку оперы Николая Римского-Корсакова "Садко" в рамках фестиваля "Звезды белых ночей", сообщили в пресс-службе театра.</description>
</item>
</channel>
</rss>
