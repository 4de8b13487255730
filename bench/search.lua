-- wrk script for the search benchmark: every request asks a different search, built from the
-- synthetic set's vocabulary with the same skew (common words far more often), one to three
-- words, typed without accents and sometimes in the plural. Distinct searches miss the read
-- cache, so this measures the search itself.
local words = {"femmes", "filles", "droits", "communaute", "violences", "organisations", "village", "mariage", "enfants", "commune", "egalite", "genre", "excision", "loi", "participation", "sensibilisation", "formation", "leaders", "religieux", "chefs", "sante", "ecole", "justice", "mairie", "associations", "jeunes", "hommes", "familles", "accompagnement", "plaidoyer", "projet", "reunion", "suivi", "engagement", "convention", "abandon", "pratiques", "traditionnelles", "nefastes", "autonomisation", "economique", "tontine", "groupement", "credit", "elections", "candidates", "quota", "nominations", "conseil", "radio", "emission", "causerie", "theatre", "forum", "atelier", "rapport", "guide", "outil", "modele", "fiche", "document", "juridique", "clinique", "orientation", "ecoute", "centre", "service", "social", "region", "cercle", "police", "gendarmerie", "tribunal", "plainte", "certificat", "medical", "prise", "charge", "psychosociale", "hebergement", "refuge", "scolarisation", "maintien", "descolarisation", "grossesse", "precoce", "consentement", "dot", "coutume", "tradition", "islam", "imam", "preche", "griot", "marche", "foire", "festival", "mur", "fresque", "dessin", "slogan", "affiche", "brochure", "depliant", "traduction", "bambara", "peul", "soninke", "songhai", "alphabetisation", "lecture", "calcul", "comptabilite", "gestion", "budget", "subvention", "bailleur", "partenaire", "reseau", "echange", "visite", "webinaire", "telephone", "message", "vocal", "whatsapp", "internet", "connexion", "electricite", "moto", "route", "saison", "pluies", "recolte", "champ", "maraichage", "savon", "karite", "beurre", "teinture", "couture", "transformation", "cereales", "moulin", "decortiqueuse", "equipement", "materiel", "kit", "dignite", "hygiene", "menstruelle", "serviettes", "puits", "forage", "eau", "assainissement", "latrines", "protection", "signalement", "confidentialite", "survie", "temoignage", "mediation", "reconciliation", "divorce", "heritage", "foncier", "terre", "parcelle", "titre", "propriete", "succession", "polygamie", "veuvage", "levirat", "repudiation", "pension", "alimentaire", "garde", "etat", "civil", "naissance", "acte", "declaration", "jugement", "suppletif", "identite", "electeur", "carte", "liste", "electorale", "scrutin", "campagne", "mandat", "elue", "conseillere", "maire", "adjointe", "depute", "assemblee", "commission", "budget", "participatif", "redevabilite", "indicateur", "collecte", "donnees", "tableau", "bord", "evaluation", "lecons", "recommandations", "difficultes", "reussites", "perspectives"}
local n = #words
-- Each wrk thread draws its own sequence: the threads must not repeat each other's searches.
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args)
  math.randomseed(2026 + 7919 * (id or 0))
end
local function word()
  local u = math.random()
  local w = words[math.floor(u * u * u * n) % n + 1]
  if math.random() < 0.2 and w:sub(-1) ~= "s" then w = w .. "s" end
  return w
end
request = function()
  local k = math.random(3)
  local q = word()
  for _ = 2, k do q = q .. "+" .. word() end
  local path = "/recherche?q=" .. q
  if math.random() < 0.2 then path = path .. "&page=2" end
  return wrk.format("GET", path)
end
