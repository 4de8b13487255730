# Kafo — bamanankan. Messages missing here are shown in French.

nav-home = Daminɛ
nav-login = Don
nav-logout = Bɔ
nav-language = Kan
save = Mara
create = Da
edit = Yɛlɛma
filter-search = Ɲini
month-1 = zanwuye
month-2 = feburuye
month-3 = marisi
month-4 = awirili
month-5 = mɛ
month-6 = zuwɛn
month-7 = zuluye
month-8 = uti
month-9 = sɛtanburu
month-10 = ɔkutɔburu
month-11 = nowanburu
month-12 = desanburu
first-of-month = 1
sex-F = Muso
sex-M = Cɛ
